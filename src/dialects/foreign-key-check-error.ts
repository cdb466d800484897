/**
 * A row whose foreign key names a missing row, as an engine's check of foreign keys finds it (on an engine that
 * lets a migration turn them off): the child table and row, and the foreign key (its columns in the child, the
 * parent table and its columns).
 */
export interface ForeignKeyViolation {
  readonly table: string;
  /** null in a WITHOUT ROWID table. */
  readonly rowid: number | null;
  readonly columns: readonly string[];
  readonly parent: string;
  readonly parentColumns: readonly string[];
}

/** Foreign keys broken by a migration unit: rows that reference missing rows and did not before it. */
export class ForeignKeyCheckError extends Error {
  override readonly name = 'ForeignKeyCheckError';
  constructor(readonly violations: readonly ForeignKeyViolation[]) {
    super(`${describeViolations(violations)} would reference missing rows after this migration; nothing was committed`);
  }
}

/** `2 rows of "children" (rowid 3, 5; children.parent_id → parents.id)`, per table and foreign key. */
export function describeViolations(violations: readonly ForeignKeyViolation[]): string {
  const groups = new Map<string, ForeignKeyViolation[]>();
  for (const v of violations) {
    const key = `${v.table}\u0000${v.columns.join(',')}\u0000${v.parent}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const ids = group.map((v) => v.rowid ?? '?');
    const shown = ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
    const key = `${first.table}.${first.columns.join(', ')} → ${first.parent}${first.parentColumns.length ? `.${first.parentColumns.join(', ')}` : ''}`;
    return `${group.length} row${group.length === 1 ? '' : 's'} of "${first.table}" (rowid ${shown}; ${key})`;
  }).join(', ');
}

