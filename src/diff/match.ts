/** How two lists of named things differ, pairing equal definitions under different names as renames. */
export interface Matched<T> {
  readonly drops: T[];
  readonly adds: T[];
  readonly renames: { readonly from: string; readonly to: string }[];
}

/**
 * Same name and same definition: kept. Same name, other definition: dropped and added. An unmatched
 * wanted item whose definition equals an unmatched existing one: renamed. The rest: dropped or added.
 */
export function matchNamed<T extends { readonly name: string }>(
  existing: readonly T[], wanted: readonly T[], definition: (item: T) => string,
): Matched<T> {
  const result: Matched<T> = { drops: [], adds: [], renames: [] };
  const wantedByName = new Map(wanted.map((w) => [w.name, w]));
  const existingByName = new Map(existing.map((e) => [e.name, e]));
  const spare = existing.filter((e) => !wantedByName.has(e.name));
  for (const e of existing) {
    const w = wantedByName.get(e.name);
    if (w && definition(w) !== definition(e)) {
      result.drops.push(e);
      result.adds.push(w);
    }
  }
  for (const w of wanted) {
    if (existingByName.has(w.name)) continue;
    const i = spare.findIndex((e) => definition(e) === definition(w));
    if (i >= 0) {
      result.renames.push({ from: spare[i]!.name, to: w.name });
      spare.splice(i, 1);
    } else {
      result.adds.push(w);
    }
  }
  result.drops.push(...spare);
  return result;
}
