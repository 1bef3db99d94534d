/**
 * Tiers by name, once for every screen, export and message: a unit is a city, a district, a
 * commune or a task team whatever its depth on a period's map (a commune is at depth 3 before
 * the July-2025 reform and at depth 2 after it), and people say "phường/xã", never "cấp 3".
 */
import type { NumberLang } from './number-format.ts';

// Tier 0 is the nation, above the provinces, where a map has it (the national benchmark's).
const TIERS: Record<NumberLang, Record<number, string>> = {
  vi: { 0: 'Trung ương', 1: 'Thành phố', 2: 'Quận/Huyện', 3: 'Phường/Xã', 4: 'Tổ dân phố/Thôn' },
  en: { 0: 'National', 1: 'City/Province', 2: 'District', 3: 'Ward/Commune', 4: 'Residential group/Village' },
};

/** Unit types as the statistics office writes them, in English. */
const TYPES_EN: Record<string, string> = {
  'quốc gia': 'Country',
  'thành phố': 'City',
  tỉnh: 'Province',
  quận: 'Urban district',
  huyện: 'Rural district',
  'thị xã': 'Town',
  phường: 'Ward',
  xã: 'Commune',
  'thị trấn': 'Township',
  'tổ dân phố': 'Residential group',
  thôn: 'Village',
};

/** `Phường/Xã` / `Ward/Commune`: the name of a tier (0 nation, 1 city … 4 team). */
export function tierName(level: number, lang: NumberLang): string {
  return TIERS[lang][level] ?? (lang === 'vi' ? `Đơn vị bậc ${level}` : `Tier ${level}`);
}

/**
 * One unit's kind from its type where the data has one (`Phường`, `Tổ dân phố`; `Ward`), else its
 * tier's name.
 */
export function unitKindName(unit: { level: number; type?: string | null }, lang: NumberLang): string {
  const type = unit.type?.trim();
  if (!type) return tierName(unit.level, lang);
  if (lang === 'en') return TYPES_EN[type.toLowerCase()] ?? tierName(unit.level, lang);
  return type.charAt(0).toLocaleUpperCase('vi') + type.slice(1);
}
