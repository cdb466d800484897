import type { Table, TableMember } from '../../schema/model';

/**
 * How an engine brings each member of a table into its canonical form (see `SchemaReader.normalize`): a function of
 * the table, or `keep` where the engine keeps the member as it is. A member missing here does not compile: see
 * `TableMember`.
 */
export type TableNormalizer = { readonly [K in TableMember]: ((table: Table) => Table[K]) | 'keep' };

/** `table` in canonical form, by `normalizer`: its members in the order the table has them. */
export function normalizeTable(normalizer: TableNormalizer, table: Table): Table {
  const out: Record<string, unknown> = { ...table };
  for (const member of Object.keys(normalizer) as TableMember[]) {
    const normalize = normalizer[member];
    if (normalize !== 'keep') out[member] = normalize(table);
  }
  return out as unknown as Table;
}
