import type { Column, ForeignKey } from '../schema/model';
import { assertNever } from '../util/assert-never';
import type { Change } from './change';

/** A one-line, human description of a change, as printed by `orm migrate:generate`. */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'createTable': return `create table ${change.table.name}`;
    case 'dropTable': return `drop table ${change.table.name}`;
    case 'renameTable': return `rename table ${change.from} to ${change.to}`;
    case 'addColumn': return `add column ${change.table}.${change.column.name} (${describeColumn(change.column)})`;
    case 'dropColumn': return `drop column ${change.table}.${change.column.name}`;
    case 'renameColumn': return `rename column ${change.table}.${change.from} to ${change.to}`;
    case 'alterColumn': return `alter column ${change.table}.${change.to.name} (${describeColumn(change.from)} → ${describeColumn(change.to)})`;
    case 'addPrimaryKey': return `add primary key ${change.table} (${change.primaryKey.columns.join(', ')})`;
    case 'dropPrimaryKey': return `drop primary key ${change.table} (${change.primaryKey.columns.join(', ')})`;
    case 'addUnique': return `add unique ${change.unique.name} on ${change.table} (${change.unique.columns.join(', ')})`;
    case 'dropUnique': return `drop unique ${change.unique.name} on ${change.table}`;
    case 'addIndex': return `add index ${change.index.name} on ${change.table} (${change.index.columns.join(', ')})`;
    case 'dropIndex': return `drop index ${change.index.name} on ${change.table}`;
    case 'addForeignKey': return `add foreign key ${change.table}.${describeForeignKey(change.foreignKey)}`;
    case 'dropForeignKey': return `drop foreign key ${change.table}.${describeForeignKey(change.foreignKey)}`;
    case 'renameConstraint': return `rename ${change.table} ${change.from} to ${change.to}`;
    case 'createEnum': return `create enum ${change.enum.name} (${change.enum.values.join(', ')})`;
    case 'dropEnum': return `drop enum ${change.enum.name}`;
    case 'alterEnum': return `alter enum ${change.to.name} (${change.from.values.join(', ')} → ${change.to.values.join(', ')})`;
    case 'renameEnum': return `rename enum ${change.from} to ${change.to}`;
  }
  return assertNever(change, 'change');
}

export function describeColumn(c: Column): string {
  const parts = [describeType(c)];
  if (c.nullable) parts.push('nullable');
  if (c.autoIncrement) parts.push('auto-increment');
  if (c.default) parts.push(`default ${c.default.kind === 'sql' ? c.default.expression : JSON.stringify(c.default.value)}`);
  return parts.join(', ');
}

function describeForeignKey(fk: ForeignKey): string {
  return `(${fk.columns.join(', ')}) → ${fk.referencedTable} (${fk.referencedColumns.join(', ')})`;
}

/** A column's type with its size: `string(255)`, `decimal(10, 2)`, `integer`; `string` alone has no maximum length. */
export function describeType(c: Column): string {
  const size = c.type === 'string' ? (c.length === undefined ? '' : `(${c.length})`)
    : c.precision !== undefined ? `(${c.precision}${c.scale !== undefined ? `, ${c.scale}` : ''})` : '';
  return c.type + size;
}
