/**
 * Names to show in a list of units. A name that several units in the list share gets its code:
 * after a merger a commune holds the teams of several old communes, each with its own
 * "Tổ dân phố số 1", and a picker or a ranking of seventy "Tổ dân phố số N" must tell them apart.
 */
export function distinctNames(units: readonly { code: string; name: string }[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const u of units) count.set(u.name, (count.get(u.name) ?? 0) + 1);
  return new Map(units.map((u) => [u.code, (count.get(u.name) ?? 0) > 1 ? `${u.name} (${u.code})` : u.name]));
}
