/** Who signs a unit's meeting reports ("TM. BAN CHỈ ĐẠO / PHÓ TRƯỞNG BAN / <name>"), set in administration. */
import type { SignerBody, SignerReply } from '@tiendo/shared';
import { eq } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { unitSigners } from '../db/schema.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import type { CatalogService, UnitNode } from './catalog-service.ts';
import { unitRef } from './figure-service.ts';
import type { SettingsService } from './settings-service.ts';

export class SignerService {
  private readonly orm;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {
    this.orm = ormOf(sqlite);
  }

  /** The signer of a unit (by identity), or null. */
  of(unit: Pick<UnitNode, 'id'>): { title: string; name: string; updatedAt: string; updatedBy: string | null } | null {
    const row = this.orm.select().from(unitSigners).where(eq(unitSigners.unitId, unit.id)).get();
    return row ? { title: row.title, name: row.name, updatedAt: row.updatedAt, updatedBy: row.updatedBy } : null;
  }

  /** The unit a code names on today's map: signers belong to the units as they are now. */
  private unitToday(code: string): UnitNode {
    return this.catalog.unitAt(code, this.settings.currentPeriod());
  }

  get(code: string): SignerReply {
    const unit = this.unitToday(code);
    return { unit: unitRef(unit, this.settings.currentPeriod()), signer: this.of(unit) };
  }

  set(p: Principal, code: string, body: SignerBody, ip: string | null): SignerReply {
    const unit = this.unitToday(code);
    const before = this.of(unit);
    const now = new Date().toISOString();
    this.sqlite.transaction(() => {
      this.orm
        .insert(unitSigners)
        .values({ unitId: unit.id, title: body.title, name: body.name, updatedAt: now, updatedBy: p.username })
        .onConflictDoUpdate({
          target: unitSigners.unitId,
          set: { title: body.title, name: body.name, updatedAt: now, updatedBy: p.username },
        })
        .run();
      this.audit.record({
        actor: actorOf(p),
        action: 'unit.signer',
        unitId: unit.id,
        target: unit.code,
        before: before ? { title: before.title, name: before.name } : null,
        after: { title: body.title, name: body.name },
        ip,
      });
    })();
    return this.get(code);
  }
}
