import { assertNever } from '../util/assert-never';
import type { Change } from './change';

/** A schema object a change touches: a whole table, a part of one (column, constraint), or an enum. */
interface Touched {
  readonly kind: 'table' | 'column' | 'constraint' | 'enum';
  /** The table it belongs to (for a table, its own name). */
  readonly table?: string;
  readonly name: string;
}

/** The schema objects a change touches: what two branches' migrations must not share to go one on top of the other. */
export function touchedObjects(change: Change): Touched[] {
  const whole = (...names: string[]): Touched[] => names.map((name) => ({ kind: 'table', table: name, name }));
  const part = (kind: 'column' | 'constraint', table: string, ...names: string[]): Touched[] => names.map((name) => ({ kind, table, name }));
  switch (change.kind) {
    case 'createTable': case 'dropTable': return whole(change.table.name);
    case 'renameTable': return whole(change.from, change.to);
    case 'addColumn': case 'dropColumn': return part('column', change.table, change.column.name);
    case 'renameColumn': return part('column', change.table, change.from, change.to);
    case 'alterColumn': return part('column', change.table, change.to.name);
    case 'addPrimaryKey': case 'dropPrimaryKey': return part('constraint', change.table, change.primaryKey.name);
    case 'addUnique': case 'dropUnique': return part('constraint', change.table, change.unique.name);
    case 'addIndex': case 'dropIndex': return part('constraint', change.table, change.index.name);
    case 'addForeignKey': case 'dropForeignKey': return part('constraint', change.table, change.foreignKey.name);
    case 'renameConstraint': return part('constraint', change.table, change.from, change.to);
    case 'createEnum': case 'dropEnum': return [{ kind: 'enum', name: change.enum.name }];
    case 'alterEnum': return [{ kind: 'enum', name: change.to.name }];
    case 'renameEnum': return [{ kind: 'enum', name: change.from }, { kind: 'enum', name: change.to }];
  }
  return assertNever(change, 'change');
}

/**
 * The objects both change lists touch, described (`column notes.pinned`, `table tags`) and sorted: the same
 * object, or a table one list creates, drops or renames while the other touches a part of it.
 */
export function overlappingObjects(a: readonly Change[], b: readonly Change[]): string[] {
  const [left, right] = [a.flatMap(touchedObjects), b.flatMap(touchedObjects)];
  const key = (t: Touched): string => JSON.stringify([t.kind, t.table ?? null, t.name]);
  const wholeTables = (list: Touched[]): Set<string> => new Set(list.filter((t) => t.kind === 'table').map((t) => t.name));
  const [leftWhole, rightWhole] = [wholeTables(left), wholeTables(right)];
  const rightKeys = new Set(right.map(key));
  const shared = new Map<string, string>();
  for (const t of left) if (rightKeys.has(key(t))) shared.set(key(t), describe(t));
  for (const [list, otherWhole] of [[left, rightWhole], [right, leftWhole]] as const) {
    for (const t of list) if (t.table !== undefined && otherWhole.has(t.table)) shared.set(key({ kind: 'table', table: t.table, name: t.table }), `table ${t.table}`);
  }
  return [...shared.values()].sort();
}

function describe(t: Touched): string {
  return t.kind === 'column' || t.kind === 'constraint' ? `${t.kind} ${t.table}.${t.name}` : `${t.kind} ${t.name}`;
}
