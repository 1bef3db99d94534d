/**
 * Personal API tokens: read-only access for other systems, made from a signed-in session and
 * revoked by their owner or by a password change. Only a hash of each token is stored; the token
 * itself is shown once, when it is made.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { apiTokens, users } from '../db/schema.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { AuditService } from './audit-service.ts';
import { newSecret, sha256 } from './auth-settings.ts';
import type { CatalogService } from './catalog-service.ts';
import { type Principal, principalOf } from './principal.ts';
import { USER_RECORD } from './user-service.ts';

export const TOKEN_PREFIX = 't06_';

const ph = sql.placeholder;

/** A token as its owner sees it listed: never its hash. */
export type TokenListing = Pick<typeof apiTokens.$inferSelect, 'id' | 'name' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>;

export class ApiTokenService {
  private readonly orm;
  private readonly q;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
  ) {
    this.orm = ormOf(sqlite);
    // Checked on every request that carries a token: prepared once, the token and its account in one read.
    this.q = {
      lookup: this.orm
        .select({ ...USER_RECORD, tokenId: apiTokens.id, lastUsed: apiTokens.lastUsedAt })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(and(eq(apiTokens.tokenHash, ph('hash')), isNull(apiTokens.revokedAt)))
        .prepare(),
      touch: this.orm
        .update(apiTokens)
        .set({ lastUsedAt: sql`${ph('at')}` })
        .where(eq(apiTokens.id, ph('id')))
        .prepare(),
    };
  }

  /** The principal of a token, or null when it is unknown or revoked (or its account disabled). */
  fromToken(token: string): Principal | null {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const row = this.q.lookup.get({ hash: sha256(token) });
    if (!row) return null;
    const now = Date.now();
    // Last use to the minute: reads stay reads.
    if (!row.lastUsed || now - Date.parse(row.lastUsed) > 60_000) {
      this.q.touch.run({ at: new Date(now).toISOString(), id: row.tokenId });
    }
    return principalOf(this.catalog, row, 'token', null, null);
  }

  create(p: Principal, name: string, ip: string): { id: number; name: string; token: string } {
    if (p.via !== 'session') throw new ForbiddenError('Chỉ tạo mã truy cập khi đăng nhập / tokens are created from a signed-in session');
    const token = `${TOKEN_PREFIX}${newSecret()}`;
    const now = new Date().toISOString();
    return this.sqlite.transaction(() => {
      const { id } = this.orm
        .insert(apiTokens)
        .values({ userId: p.id, name, tokenHash: sha256(token), createdAt: now })
        .returning({ id: apiTokens.id })
        .get();
      this.audit.record({ actor: p, action: 'token.create', unitId: p.unit.id, target: `token:${id}`, after: { id, name }, ip });
      return { id, name, token };
    })();
  }

  list(p: Principal): TokenListing[] {
    return this.orm
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.userId, p.id))
      .orderBy(desc(apiTokens.id))
      .all();
  }

  revoke(p: Principal, id: number, ip: string): void {
    const row = this.orm
      .select({ name: apiTokens.name, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, p.id)))
      .get();
    if (!row) throw new NotFoundError('Không tìm thấy mã truy cập / token not found');
    if (row.revokedAt) return;
    this.sqlite.transaction(() => {
      this.orm.update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(eq(apiTokens.id, id)).run();
      this.audit.record({ actor: p, action: 'token.revoke', unitId: p.unit.id, target: `token:${id}`, before: { id, name: row.name }, ip });
    })();
  }

  /** Revokes every live token of the account (inside the caller's transaction); returns how many. */
  revokeAll(userId: number, now: Date): number {
    return this.orm
      .update(apiTokens)
      .set({ revokedAt: now.toISOString() })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .run().changes;
  }
}
