import type { Change } from '../changes/change';

/**
 * Where a table or column is dropped and another added to the same place, it may have been renamed
 * without a `renamedFrom`: the migration would lose its data. Returns, per index of the dropping change,
 * the lines that say how to declare the rename instead. `file`, the migration being written (none on a dry
 * run), is to be deleted before generating again: left in place, it is pending, and applying it drops the data.
 */
export function renameHints(changes: readonly Change[], file?: string): Map<number, string[]> {
  const hints = new Map<number, string[]>();
  const again = file ? `, delete ${file} and its .schema.json (unapplied, it would drop the data), and generate again.` : ', then generate again.';
  changes.forEach((change, i) => {
    if (change.kind === 'dropColumn') {
      const added = changes.filter((c): c is Extract<Change, { kind: 'addColumn' }> => c.kind === 'addColumn' && c.table === change.table);
      if (added.length) {
        hints.set(i, added.map((a) =>
          `If "${change.table}.${change.column.name}" was renamed to "${a.column.name}", declare it on the property: @Column({ renamedFrom: '${change.column.name}' })${again}`));
      }
    }
    if (change.kind === 'dropTable') {
      const created = changes.filter((c): c is Extract<Change, { kind: 'createTable' }> => c.kind === 'createTable');
      if (created.length) {
        hints.set(i, created.map((c) =>
          `If table "${change.table.name}" was renamed to "${c.table.name}", declare it: @Table({ name: '${c.table.name}', renamedFrom: '${change.table.name}' })${again}`));
      }
    }
  });
  return hints;
}
