import type { Violation } from '../dialects/runtime-driver';
import type { EntityTable } from './entity-table';
import { constraintError } from './executor';
import type { ConstraintError } from './errors';
import type { QueryContext } from './query-context';

/**
 * The typed error for a violation during a write to `table`, with the columns' properties named. When the
 * engine does not say which foreign key failed (SQLite), it is found by checking the written values.
 */
export async function describeViolation(context: QueryContext, table: EntityTable, violation: Violation, cause: unknown, written?: readonly Record<string, unknown>[]): Promise<ConstraintError> {
  let columns = violation.columns;
  let tableName = violation.table ?? table.name;
  let detail = violation.detail;
  if (violation.kind === 'foreignKey' && !columns) {
    const found = written ? await missingReference(context, table, written) : undefined;
    if (found) ({ columns, detail } = found);
    else if (!written) {
      const referencing = context.metadata.entities.filter((e) => e.foreignKeys.some((fk) => fk.target === table.meta.target));
      detail = `rows of ${referencing.map((e) => e.tableName).join(', ') || 'another table'} still reference the row.`;
    }
    tableName = found || written ? table.name : tableName;
  }
  const entity = tableName === table.name ? table : undefined;
  const properties = entity && columns ? columns.map((c) => entity.columns.find((col) => col.name === c)?.property).filter((p): p is string => !!p).map((p) => `${entity.className}.${p}`) : undefined;
  return constraintError({ ...violation, table: tableName, columns, detail }, { properties }, cause);
}

async function missingReference(context: QueryContext, table: EntityTable, written: readonly Record<string, unknown>[]): Promise<{ columns: string[]; detail: string } | undefined> {
  for (const fk of table.meta.foreignKeys) {
    const target = context.table(fk.target);
    const columns = fk.properties.map((p) => table.findColumn(p)!);
    const targetColumns = fk.targetProperties.map((p) => target.findColumn(p)!);
    for (const row of written) {
      const values = fk.properties.map((p) => row[p]);
      if (values.some((v) => v === undefined || v === null)) continue;
      const params = values.map((v, i) => targetColumns[i]!.compare(v, 'a foreign key check'));
      const condition = targetColumns.map((c, i) => `${c.quoted} = ${context.dialect.runtime.placeholder(i + 1)}`).join(' AND ');
      const found = await context.executor.rows(`SELECT 1 FROM ${target.quoted} WHERE ${condition}`, params);
      if (found.length === 0) {
        return { columns: columns.map((c) => c.name), detail: `${columns.map((c) => c.name).join(', ')} = ${values.map(String).join(', ')} is not present in ${target.name}.` };
      }
    }
  }
  return undefined;
}
