/** Units for pickers: 5,857 of them, so searched, filtered and paged on the server. */
import type { UnitListItem, UnitsReply } from '@tiendo/shared';
import type { Principal } from './auth-service.ts';
import { type Catalog, type CatalogService, childrenAt, type UnitNode } from './catalog-service.ts';
import { couldKnowUnit, isInScopeToday as isInScope, unknownUnit } from './scope.ts';
import type { SettingsService } from './settings-service.ts';

export interface UnitsQuery {
  parent?: string | undefined;
  q?: string | undefined;
  level?: number | undefined;
  all?: 'true' | 'false' | undefined;
  page: number;
  pageSize: number;
}

/** Lower case without accents, so "phuc xa" finds "Phúc Xá". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase();
}

const folded = new WeakMap<Catalog, Map<number, string>>();

export class AdminUnitService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly settings: SettingsService,
  ) {}

  list(p: Principal, q: UnitsQuery): UnitsReply {
    const cat = this.catalog.get();
    let names = folded.get(cat);
    if (!names) {
      names = new Map([...cat.units.values()].map((u) => [u.id, fold(`${u.type} ${u.name}`)]));
      folded.set(cat, names);
    }
    const parent = q.parent === undefined ? undefined : this.catalog.unit(q.parent);
    // A parent the caller cannot know of answers as an unknown code does: an empty list would say it exists.
    if (parent && !couldKnowUnit(cat, p, parent)) throw unknownUnit(parent.code);
    const needle = q.q ? fold(q.q) : null;
    const now = this.settings.defaultPeriod();
    const matches: UnitNode[] = [];
    const source = parent
      ? q.all === 'true'
        ? parent.children.map((id) => cat.units.get(id) as UnitNode)
        : childrenAt(cat, parent, this.settings.currentPeriod())
      : cat.units.values();
    for (const u of source) {
      if (!isInScope(p, u)) continue;
      if (q.level !== undefined && u.level !== q.level) continue;
      if (q.all !== 'true' && u.validTo !== null && u.validTo < now) continue;
      if (needle && !(names.get(u.id) as string).includes(needle) && !u.code.toLowerCase().startsWith(needle)) continue;
      matches.push(u);
    }
    const start = (q.page - 1) * q.pageSize;
    return {
      total: matches.length,
      page: q.page,
      pageSize: q.pageSize,
      units: matches.slice(start, start + q.pageSize).map((u): UnitListItem => {
        const up = u.parentId === null ? undefined : cat.units.get(u.parentId);
        return {
          code: u.code,
          name: u.name,
          level: u.level,
          type: u.type,
          parent: up ? { code: up.code, name: up.name, level: up.level, type: up.type } : null,
          validTo: u.validTo,
          children: u.children.length,
        };
      }),
    };
  }
}
