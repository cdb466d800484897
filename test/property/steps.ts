import { type ColumnSpec, columnName, type EntitySet, type TableSpec } from './spec';

/** One random step: a kind and three numbers that pick what it applies to. */
export interface Step {
  readonly kind: StepKind;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

export const STEP_KINDS = [
  'addTable', 'dropTable', 'renameTable', 'addColumn', 'dropColumn', 'renameColumn', 'widenType', 'toggleNullable',
  'changeDefault', 'addUnique', 'dropUnique', 'addIndex', 'dropIndex', 'addForeignKey', 'dropForeignKey', 'extendEnum', 'narrowType',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const DISTINCT: ColumnSpec['type'][] = ['string', 'text', 'integer', 'bigint', 'decimal', 'float', 'double', 'datetime'];
const TYPES: ColumnSpec['type'][] = ['string', 'text', 'integer', 'bigint', 'boolean', 'decimal', 'float', 'double', 'date', 'datetime', 'json', 'enum'];

/** What a step did to existing data: columns whose values may legitimately differ afterwards. */
export interface Applied {
  readonly set: EntitySet;
  readonly description: string;
  /** table (new name) → old name, for tables that were renamed. */
  readonly tableRenames: Map<string, string>;
  /** `table.column` (new names) → old column name. */
  readonly columnRenames: Map<string, string>;
  /** `table.column` whose values may change (type widened). */
  readonly touched: Set<string>;
  /**
   * A set whose migration the rows (seeded with `valueFor`) cannot survive: it must fail before changing
   * anything, naming `table.column`, and `set` stays as it was.
   */
  readonly refused?: { readonly set: EntitySet; readonly table: string; readonly column: string };
}

let counter = 0;
const fresh = (prefix: string): string => `${prefix}${++counter}`;

/**
 * Applies a step to a copy of the set. A step that does not fit the current set (nothing to drop, say)
 * adds a table instead, so every sequence of steps is valid.
 */
export function applyStep(current: EntitySet, step: Step): Applied {
  const set: EntitySet = structuredClone(current);
  const result = { set, tableRenames: new Map<string, string>(), columnRenames: new Map<string, string>(), touched: new Set<string>() };
  for (const t of set) {
    delete t.renamedFrom;
    for (const c of t.columns) delete c.renamedFrom;
  }
  const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
  const table = pick(set, step.a);
  const plainColumns = (t: TableSpec): ColumnSpec[] => t.columns;
  const describe = (text: string): Applied => ({ ...result, description: text });

  switch (step.kind) {
    case 'dropTable':
      if (!table || set.length < 2) break;
      set.splice(set.indexOf(table), 1);
      for (const other of set) other.relations = other.relations.filter((r) => r.target !== table.className);
      for (const other of set) dropIndexesOfMissing(other);
      return describe(`drop table ${table.table}`);
    case 'renameTable': {
      if (!table) break;
      const name = fresh('t');
      result.tableRenames.set(name, table.table);
      table.renamedFrom = table.table;
      table.table = name;
      return describe(`rename table ${table.renamedFrom} → ${name}`);
    }
    case 'addColumn': {
      if (!table) break;
      const column = newColumn(step.b, step.c);
      // Existing rows need a value: a required column without a default cannot join a table with rows.
      if (!column.nullable && !column.default) column.default = 'literal';
      table.columns.push(column);
      return describe(`add column ${table.table}.${column.property} (${column.type}${column.nullable ? ', nullable' : ''}${column.default ? ', default' : ''})`);
    }
    case 'dropColumn': {
      const column = table && pick(plainColumns(table), step.b);
      if (!table || !column) break;
      table.columns.splice(table.columns.indexOf(column), 1);
      dropIndexesOfMissing(table);
      return describe(`drop column ${table.table}.${column.property}`);
    }
    case 'renameColumn': {
      const column = table && pick(table.columns, step.b);
      if (!table || !column) break;
      const property = fresh('c');
      column.renamedFrom = column.property;
      table.uniques = table.uniques.map((u) => u.map((p) => (p === column.property ? property : p)));
      table.indexes = table.indexes.map((u) => u.map((p) => (p === column.property ? property : p)));
      column.property = property;
      result.columnRenames.set(`${table.table}.${property}`, column.renamedFrom);
      return describe(`rename column ${table.table}.${column.renamedFrom} → ${property}`);
    }
    case 'widenType': {
      const column = table && pick(table.columns.filter((c) => ['integer', 'string', 'float'].includes(c.type)), step.b);
      if (!table || !column) break;
      const before = `${column.type}${column.length ?? ''}`;
      if (column.type === 'integer') column.type = 'bigint';
      else if (column.type === 'float') column.type = 'double';
      else if (step.c % 2 === 0) column.length = (column.length ?? 255) + 50;
      else { column.type = 'text'; delete column.length; }
      if (column.default) column.default = 'literal';
      result.touched.add(`${table.table}.${column.property}`);
      return describe(`widen ${table.table}.${column.property} from ${before} to ${column.type}${column.length ?? ''}`);
    }
    case 'toggleNullable': {
      const column = table && pick(table.columns, step.b);
      if (!table || !column) break;
      column.nullable = !column.nullable;
      return describe(`make ${table.table}.${column.property} ${column.nullable ? 'nullable' : 'required'}`);
    }
    case 'changeDefault': {
      const column = table && pick(table.columns, step.b);
      if (!table || !column) break;
      column.default = column.default ? undefined : column.type === 'datetime' && step.c % 2 === 0 ? 'now' : 'literal';
      return describe(`${column.default ? 'set' : 'drop'} the default of ${table.table}.${column.property}`);
    }
    case 'addUnique':
    case 'addIndex': {
      // Rows hold distinct values per row in these types only (booleans, enums and dates repeat).
      const candidates = table ? table.columns.filter((c) => step.kind === 'addIndex' || DISTINCT.includes(c.type)) : [];
      if (!table || candidates.length === 0) break;
      const first = pick(candidates, step.b)!.property;
      const second = step.c % 2 === 0 ? pick(candidates, step.b + 1)!.property : undefined;
      const columns = second && second !== first ? [first, second] : [first];
      const list = step.kind === 'addUnique' ? table.uniques : table.indexes;
      if (list.some((l) => l.join() === columns.join())) break;
      list.push(columns);
      return describe(`${step.kind === 'addUnique' ? 'add unique' : 'add index'} ${table.table}(${columns.join(', ')})`);
    }
    case 'dropUnique':
    case 'dropIndex': {
      const list = table && (step.kind === 'dropUnique' ? table.uniques : table.indexes);
      if (!table || !list || list.length === 0) break;
      const [removed] = list.splice(step.b % list.length, 1);
      return describe(`${step.kind === 'dropUnique' ? 'drop unique' : 'drop index'} ${table.table}(${removed!.join(', ')})`);
    }
    case 'addForeignKey': {
      const target = pick(set, step.b);
      if (!table || !target) break;
      const property = fresh('ref');
      table.relations.push({ property, target: target.className, onDelete: (['cascade', 'set null', 'no action'] as const)[step.c % 3]! });
      return describe(`add foreign key ${table.table}.${property}Id → ${target.table}`);
    }
    case 'dropForeignKey': {
      const relation = table && pick(table.relations, step.b);
      if (!table || !relation) break;
      table.relations.splice(table.relations.indexOf(relation), 1);
      return describe(`drop foreign key ${table.table}.${relation.property}Id`);
    }
    case 'extendEnum': {
      const column = table && pick(table.columns.filter((c) => c.type === 'enum'), step.b);
      if (!table || !column) break;
      const value = fresh('e');
      column.values = step.c % 2 === 0 ? [...column.values!, value] : [value, ...column.values!];
      return describe(`add '${value}' to the values of ${table.table}.${column.property}`);
    }
    case 'narrowType': {
      const column = table && pick(table.columns, step.b);
      if (!table || !column) break;
      const before = `${column.type}${column.length ?? ''}`;
      if (column.type === 'string' && step.c % 2 === 0) {
        // Every seeded value ('v' and a number) fits: the check passes and the change runs.
        column.length = (column.length ?? 255) > 30 ? 30 : 20;
        if (column.default) column.default = 'literal';
        result.touched.add(`${table.table}.${column.property}`);
        return describe(`narrow ${table.table}.${column.property} from ${before} to string${column.length}`);
      }
      const target = structuredClone(set);
      const narrowed = target[set.indexOf(table)]!.columns[table.columns.indexOf(column)]!;
      Object.assign(narrowed, misfitTarget(column));
      if (narrowed.type !== 'string') delete narrowed.length;
      delete narrowed.values;
      delete narrowed.default;
      delete narrowed.renamedFrom;
      return { ...describe(`refuse to change ${table.table}.${column.property} from ${before} to ${narrowed.type}${narrowed.length ?? ''}`), refused: { set: target, table: table.table, column: columnName(column.property) } };
    }
    case 'addTable':
      break;
  }
  const created: TableSpec = { className: fresh('Entity'), table: fresh('t'), columns: [newColumn(step.b, step.c), newColumn(step.c, step.a)], relations: [], uniques: [], indexes: [] };
  set.push(created);
  return describe(`add table ${created.table}`);
}

function newColumn(b: number, c: number): ColumnSpec {
  const type = TYPES[b % TYPES.length]!;
  const column: ColumnSpec = { property: fresh('c'), type, nullable: c % 3 === 0 };
  if (type === 'string') column.length = 40 + (c % 3) * 10;
  if (type === 'enum') column.values = ['alpha', 'beta'];
  if (c % 2 === 0) column.default = type === 'datetime' && c % 4 === 0 ? 'now' : 'literal';
  return column;
}

function dropIndexesOfMissing(table: TableSpec): void {
  const has = (p: string): boolean => table.columns.some((c) => c.property === p);
  table.uniques = table.uniques.filter((u) => u.every(has));
  table.indexes = table.indexes.filter((i) => i.every(has));
}

/** A type that some seeded value of the column (see `valueFor`) does not fit, on every engine. */
function misfitTarget(column: ColumnSpec): Pick<ColumnSpec, 'type' | 'length'> {
  switch (column.type) {
    case 'string': return { type: 'string', length: 1 };    // 'v1'
    case 'text': return { type: 'integer' };                // 'v1'
    case 'bigint': return { type: 'integer' };              // 1000000000001
    case 'decimal': return { type: 'integer' };             // '1.25'
    case 'float': return { type: 'integer' };               // 1.5
    case 'double': return { type: 'integer' };              // 1.25
    case 'integer': return { type: 'boolean' };             // no exact test: any value is refused
    case 'boolean': return { type: 'date' };
    case 'date': return { type: 'integer' };
    case 'datetime': return { type: 'date' };
    case 'json': return { type: 'integer' };
    case 'enum': return { type: 'integer' };
  }
}
