import type { RelationMetadata } from '../metadata/types';
import type { ColumnPlan, EntityTable } from './entity-table';
import { QueryError } from './errors';
import { literalPattern, parseLikePattern, type Pattern } from '../dialects/pattern';
import { notDeleted } from './soft-delete';

/**
 * A `where` once its semantics are settled, before any SQL is written: validated against the entity, values
 * checked and encoded, and `all` / `none` folded away everywhere but at the top. Rendering
 * (`renderCondition`) then cannot meet an empty group, and `update`/`delete` see an effective condition that
 * matches every row (`all`) whatever shape produced it.
 *
 * The rules, defined once here:
 * - a property or operator set to `undefined` is absent, and so is `{}` as a property's operators;
 * - the members of a `where` object, and of `and`, must all hold: an empty `and` is absent (`all`);
 * - `or` holds when a member holds: `or: []` matches nothing (`none`), and an `or` with an absent member is absent;
 * - `in: []` matches nothing, `notIn: []` is absent;
 * - `not` of an absent condition is absent (a filter left out stays left out), of one that matches nothing is absent too;
 * - comparisons follow SQL: a NULL value satisfies no comparison but `IS NULL` (and `{ prop: null }`);
 * - a relation filter holds through EXISTS: `some` (a related row matches), `none` (no related row matches),
 *   `every` (no related row fails to match: a row with no related rows passes), `is` / `isNot` (the related row
 *   matches / does not; `null` for "there is none" / "there is one").
 */
export type Condition =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'compare'; readonly column: ColumnPlan; readonly operator: ComparisonOperator; readonly value: unknown }
  | { readonly kind: 'isNull'; readonly column: ColumnPlan; readonly negated: boolean }
  | { readonly kind: 'not'; readonly item: Condition }
  | { readonly kind: 'in'; readonly column: ColumnPlan; readonly values: readonly unknown[]; readonly negated: boolean }
  | { readonly kind: 'match'; readonly column: ColumnPlan; readonly pattern: Pattern; readonly caseInsensitive: boolean }
  | { readonly kind: 'jsonEquals'; readonly column: ColumnPlan; readonly path: readonly (string | number)[]; readonly value: string | number | boolean | null }
  /** Rows related to the outer row exist (or, `negated`, do not) for which `where` holds (or, `failing`, does not hold). */
  | { readonly kind: 'exists'; readonly related: Related; readonly where: Condition; readonly negated: boolean; readonly failing: boolean };

/** The rows of a relation, as a subquery correlated with the outer row. */
export interface Related {
  /** The rows filtered: the relation's target. */
  readonly table: EntityTable;
  /** For a many-to-many relation: the junction, joined to the target on `toTarget` = the target's `targetKey`. */
  readonly junction?: { readonly table: EntityTable; readonly toTarget: ColumnPlan; readonly targetKey: ColumnPlan };
  /** A column of the target (of the junction, when there is one) equal to a column of the outer row. */
  readonly link: { readonly inner: ColumnPlan; readonly outer: ColumnPlan; readonly outerTable: EntityTable };
  /** What every target row must meet to count at all, whatever the filter: not soft-deleted (see soft-delete.ts). */
  readonly live?: Condition;
}

export type ComparisonOperator = '=' | '<>' | '>' | '>=' | '<' | '<=';

export const ALL: Condition = { kind: 'all' };
export const NONE: Condition = { kind: 'none' };

const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'like', 'ilike', 'startsWith', 'endsWith', 'contains', 'mode', 'isNull', 'path', 'equals'] as const;
const TEXT_TYPES = new Set(['string', 'text', 'uuid', 'enum']);
type OperatorName = (typeof OPERATORS)[number];
const COMPARISONS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** The condition of a `where` on `table` (`usage` names where it came from in error messages). */
export function buildCondition(table: EntityTable, where: unknown, usage = 'where'): Condition {
  if (where === undefined || where === null) return ALL;
  if (!isPlainObject(where)) throw new QueryError(`A ${usage} for ${table.className} must be an object, such as { id: 1 }; got ${Array.isArray(where) ? 'an array' : typeof where}.`);
  const parts: Condition[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw new QueryError(`${key} in a ${usage} for ${table.className} takes a list of conditions.`);
      parts.push(combine(key, value.map((member) => buildCondition(table, member, usage))));
    } else if (key === 'not') {
      if (!isPlainObject(value)) throw new QueryError(`not in a ${usage} for ${table.className} takes one condition, such as { not: { kind: 'admin' } }.`);
      parts.push(negate(buildCondition(table, value, usage)));
    } else {
      const column = table.findColumn(key);
      const relation = column ? undefined : table.findRelation(key);
      // Neither a column nor a relation: table.column says so, naming the entity's properties.
      parts.push(relation ? relationCondition(table, relation, value, usage) : propertyCondition(table, column ?? table.column(key, usage), value, usage));
    }
  }
  return combine('and', parts);
}

/** `and` or `or` of conditions, with `all` and `none` folded away and nested groups of the same kind merged. */
export function combine(kind: 'and' | 'or', items: readonly Condition[]): Condition {
  const absorbing = kind === 'and' ? 'none' : 'all';
  const kept: Condition[] = [];
  for (const item of items) {
    if (item.kind === absorbing) return item;
    if (item.kind === 'all' || item.kind === 'none') continue;
    if (item.kind === kind) kept.push(...item.items);
    else kept.push(item);
  }
  if (kept.length === 0) return kind === 'and' ? ALL : NONE;
  return kept.length === 1 ? kept[0]! : { kind, items: kept };
}

/** `not`: absent stays absent; a condition that matches nothing negates to absent; double negation cancels. */
function negate(condition: Condition): Condition {
  if (condition.kind === 'all' || condition.kind === 'none') return ALL;
  return condition.kind === 'not' ? condition.item : { kind: 'not', item: condition };
}

/** The operators a column of this type takes, for a message: text matching on text only, a path on json only. */
function operatorsFor(column: ColumnPlan): readonly string[] {
  if (column.meta.type === 'json') return OPERATORS.filter((op) => !MODE_OPERATORS.includes(op) && op !== 'mode');
  return OPERATORS.filter((op) => (TEXT_TYPES.has(column.meta.type) || (!MODE_OPERATORS.includes(op) && op !== 'mode')) && op !== 'path' && op !== 'equals');
}

/** The operators `mode` applies to (`ilike` ignores case anyway). */
const MODE_OPERATORS: readonly string[] = ['like', 'ilike', 'startsWith', 'endsWith', 'contains'];

function propertyCondition(table: EntityTable, column: ColumnPlan, value: unknown, usage: string): Condition {
  if (value === null) return { kind: 'isNull', column, negated: false };
  if (!isPlainObject(value)) return { kind: 'compare', column, operator: '=', value: column.compare(value, usage) };
  if (value.path !== undefined || value.equals !== undefined) return jsonCondition(table, column, value);
  const { mode } = value;
  if (mode !== undefined && mode !== 'default' && mode !== 'insensitive') {
    throw new QueryError(`mode for ${table.className}.${column.property} is 'insensitive' or 'default', not ${JSON.stringify(mode)}.`);
  }
  const parts: Condition[] = [];
  for (const [op, operand] of Object.entries(value)) {
    if (operand === undefined || op === 'mode') continue;
    if (!(OPERATORS as readonly string[]).includes(op)) {
      const grouping = ['and', 'or', 'not'].includes(op.toLowerCase()) ? ` (${op.toLowerCase()} goes beside the properties, not inside one: { ${op.toLowerCase()}: … })` : '';
      throw new QueryError(`Unknown operator '${op}' for ${table.className}.${column.property}${grouping}; use one of ${operatorsFor(column).join(', ')}.`);
    }
    // Refused rather than left out: `{ eq: 'ann', mode: 'insensitive' }` would otherwise match 'ann' only.
    if (mode === 'insensitive' && !MODE_OPERATORS.includes(op)) {
      throw new QueryError(`mode: 'insensitive' applies to ${MODE_OPERATORS.join(', ')}; ${op} on ${table.className}.${column.property} compares exactly.`);
    }
    parts.push(operatorCondition(table, column, op as Exclude<OperatorName, 'path' | 'equals' | 'mode'>, operand, usage, mode === 'insensitive'));
  }
  return combine('and', parts);
}

/** `{ path: ['theme'], equals: 'dark' }` on a json column: a scalar at a path inside the document. */
function jsonCondition(table: EntityTable, column: ColumnPlan, value: Record<string, unknown>): Condition {
  const name = `${table.className}.${column.property}`;
  if (column.meta.type !== 'json') throw new QueryError(`path and equals apply to json columns; ${name} is ${column.meta.type}.`);
  const extra = Object.keys(value).filter((k) => k !== 'path' && k !== 'equals' && value[k] !== undefined);
  if (extra.length) throw new QueryError(`A path condition on ${name} takes path and equals only; remove ${extra.join(', ')}.`);
  const { path, equals } = value;
  if (!Array.isArray(path) || path.length === 0 || !path.every((p) => typeof p === 'string' || (Number.isInteger(p) && (p as number) >= 0))) {
    throw new QueryError(`path for ${name} takes a non-empty list of keys and array indexes, such as ['settings', 'theme'].`);
  }
  if (equals === undefined) return ALL;
  if (equals !== null && !['string', 'number', 'boolean'].includes(typeof equals)) {
    throw new QueryError(`equals for ${name} at path ${JSON.stringify(path)} takes a string, number, boolean or null (compare whole documents with the column itself).`);
  }
  if (typeof equals === 'number' && !Number.isFinite(equals)) throw new QueryError(`equals for ${name} takes a finite number; JSON has no ${equals}.`);
  return { kind: 'jsonEquals', column, path: path as (string | number)[], value: equals as string | number | boolean | null };
}

/** A filter on a relation's rows: some/none/every for to-many relations, is/isNot for to-one. */
function relationCondition(table: EntityTable, relation: RelationMetadata, value: unknown, usage: string): Condition {
  const name = `${table.className}.${relation.property}`;
  const toMany = relation.kind === 'hasMany' || relation.kind === 'belongsToMany';
  const allowed = toMany ? ['some', 'none', 'every'] : ['is', 'isNot'];
  if (!isPlainObject(value)) throw new QueryError(`${name} is a relation: filter it with ${allowed.map((a) => `{ ${a}: { … } }`).join(', ')}.`);
  const related = relatedRows(table, relation);
  const parts: Condition[] = [];
  for (const [op, operand] of Object.entries(value)) {
    if (operand === undefined) continue;
    if (!allowed.includes(op)) throw new QueryError(`Unknown filter '${op}' for the relation ${name}; use ${allowed.join(', ')}.`);
    if (operand === null && toMany) throw new QueryError(`${op} for ${name} takes a condition on ${related.table.className}, not null.`);
    if (operand === null) {
      // is: null, there is no related row; isNot: null, there is one. A foreign key naming a soft-deleted row names
      // none that reads see (include gives null): then only the EXISTS form says so.
      parts.push(relation.kind === 'belongsTo' && !related.live
        ? { kind: 'isNull', column: table.column(relation.foreignKey, usage), negated: op === 'isNot' }
        : { kind: 'exists', related, where: ALL, negated: op === 'is', failing: false });
      continue;
    }
    const where = buildCondition(related.table, operand, usage);
    parts.push(relationFilter(op as 'some' | 'none' | 'every' | 'is' | 'isNot', related, where));
  }
  return combine('and', parts);
}

function relationFilter(op: 'some' | 'none' | 'every' | 'is' | 'isNot', related: Related, where: Condition): Condition {
  switch (op) {
    case 'some':
    case 'is':
      return where.kind === 'none' ? NONE : { kind: 'exists', related, where, negated: false, failing: false };
    case 'none':
    case 'isNot':
      return where.kind === 'none' ? ALL : { kind: 'exists', related, where, negated: true, failing: false };
    case 'every':
      if (where.kind === 'all') return ALL;
      return where.kind === 'none' ? { kind: 'exists', related, where: ALL, negated: true, failing: false } : { kind: 'exists', related, where, negated: true, failing: true };
  }
}

/** How the rows of a relation correlate with a row of `table`. */
function relatedRows(table: EntityTable, relation: RelationMetadata): Related {
  const target = table.tableOf(relation.target);
  const usage = `the relation ${table.className}.${relation.property}`;
  const live = notDeleted(target);
  switch (relation.kind) {
    case 'belongsTo':
      return { table: target, live, link: { inner: target.column(relation.targetKey, usage), outer: table.column(relation.foreignKey, usage), outerTable: table } };
    case 'hasMany':
    case 'hasOne':
      return { table: target, live, link: { inner: target.column(relation.foreignKey, usage), outer: table.column(relation.sourceKey, usage), outerTable: table } };
    case 'belongsToMany': {
      const junction = table.tableOf(relation.through);
      return {
        table: target,
        live,
        junction: { table: junction, toTarget: junction.column(relation.otherKey, usage), targetKey: target.column(relation.targetKey, usage) },
        link: { inner: junction.column(relation.foreignKey, usage), outer: table.column(relation.sourceKey, usage), outerTable: table },
      };
    }
  }
}

function operatorCondition(table: EntityTable, column: ColumnPlan, op: Exclude<OperatorName, 'path' | 'equals' | 'mode'>, operand: unknown, usage: string, insensitive: boolean): Condition {
  const name = `${op} for ${table.className}.${column.property}`;
  switch (op) {
    case 'eq':
    case 'ne':
      if (operand === null) return { kind: 'isNull', column, negated: op === 'ne' };
      return { kind: 'compare', column, operator: COMPARISONS[op], value: column.compare(operand, usage) };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (operand === null) throw new QueryError(`${name} takes a value, not null: nothing compares with NULL. Use isNull for that.`);
      return { kind: 'compare', column, operator: COMPARISONS[op], value: column.compare(operand, usage) };
    case 'in':
    case 'notIn': {
      if (!Array.isArray(operand)) throw new QueryError(`${name} takes a list of values.`);
      if (operand.length === 0) return op === 'in' ? NONE : ALL;
      const values = operand.map((v: unknown) => {
        if (v === null || v === undefined) {
          throw new QueryError(`${name} cannot hold ${v}: a list compares values, and NULL equals nothing. Add { ${column.property}: null } under or (or isNull) for that.`);
        }
        return column.compare(v, usage);
      });
      return { kind: 'in', column, values, negated: op === 'notIn' };
    }
    case 'like':
    case 'ilike':
    case 'startsWith':
    case 'endsWith':
    case 'contains': {
      if (!TEXT_TYPES.has(column.meta.type)) throw new QueryError(`${name}: ${op} applies to text columns, and ${column.property} is ${column.meta.type}.`);
      const example = op === 'like' || op === 'ilike' ? ", such as '%@example.com'" : '';
      if (typeof operand !== 'string') throw new QueryError(`${name} takes a string${example}.`);
      const pattern = op === 'like' || op === 'ilike' ? parseLikePattern(operand) : literalPattern(operand, op);
      return { kind: 'match', column, pattern, caseInsensitive: op === 'ilike' || insensitive };
    }
    case 'isNull':
      if (typeof operand !== 'boolean') throw new QueryError(`${name} takes true (IS NULL) or false (IS NOT NULL).`);
      return { kind: 'isNull', column, negated: !operand };
  }
}

/** An object written as `{ … }` (or with no prototype): operators, or a where. A Date, Buffer or class instance is a value. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
