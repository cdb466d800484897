import type { RuntimeDriver } from '../dialects/runtime-driver';
import type { Condition } from './condition';
import type { ColumnPlan, EntityTable } from './entity-table';
import { renderAssignment, type Assignment } from './update-values';
import { Params, renderCondition } from './where';

/** Shapes kept per table; an update of a shape past these is built each time (shapes made from data could grow without end). */
const MAX_SHAPES = 100;

const kept = new WeakMap<EntityTable, Map<string, string>>();

/**
 * The SQL of an update (`UPDATE … SET … WHERE …`, then `returning`: the RETURNING clause, or '') and its parameters. When every
 * assignment is a value or an increment or decrement, and the where is made of `=` and other comparisons, `IN`
 * lists and `IS NULL` joined by AND and OR, the SQL depends only on that shape (which columns, set how, compared
 * how), not on the values: it is built the first time and kept with the table, and the values are bound in the order
 * it takes them. A repeated update, such as an increment by id in a loop, then costs no SQL building. Other updates
 * (SQL expressions, patterns, JSON paths, relation filters) are built each time.
 */
export function updateStatement(table: EntityTable, data: ReadonlyMap<ColumnPlan, Assignment>, condition: Condition, returning: string, driver: RuntimeDriver): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const shape = shapeOf(data, condition, returning, params, driver);
  let shapes = kept.get(table);
  const found = shape === undefined ? undefined : shapes?.get(shape);
  if (found !== undefined) return { sql: found, params };
  const built = new Params(driver);
  const set = [...data].map(([column, assigned]) => renderAssignment(column, assigned, built, driver)).join(', ');
  const where = condition.kind === 'all' ? '' : ` WHERE ${renderCondition(condition, built, driver)}`;
  const sql = `UPDATE ${table.quoted} SET ${set}${where}${returning}`;
  // Kept only when binding the values in the shape's order gives exactly the parameters of the SQL just built.
  if (shape !== undefined && params.length === built.values.length && params.every((value, i) => Object.is(value, built.values[i]))) {
    if (!shapes) kept.set(table, (shapes = new Map()));
    if (shapes.size < MAX_SHAPES) shapes.set(shape, sql);
  }
  return { sql, params: built.values };
}

/** The shape of an update as a key, its values pushed on `params` in the order the SQL binds them; undefined when it is not kept. */
function shapeOf(data: ReadonlyMap<ColumnPlan, Assignment>, condition: Condition, returning: string, params: unknown[], driver: RuntimeDriver): string | undefined {
  let shape = returning ? 'returning\0' : '\0';
  for (const [column, assigned] of data) {
    if (assigned.kind === 'value') params.push(assigned.value);
    else if (assigned.kind === 'arithmetic') params.push(assigned.amount);
    else return undefined;
    shape += `${column.name}\0${assigned.kind === 'value' ? '=' : assigned.operator}\0`;
  }
  const where = conditionShape(condition, params, driver);
  return where === undefined ? undefined : `${shape}where\0${where}`;
}

function conditionShape(condition: Condition, params: unknown[], driver: RuntimeDriver): string | undefined {
  switch (condition.kind) {
    case 'all':
    case 'none':
      return condition.kind;
    case 'compare':
      params.push(condition.value);
      return `${condition.column.name}\0${condition.operator}\0`;
    case 'isNull':
      return `${condition.column.name}\0${condition.negated ? 'is not null' : 'is null'}\0`;
    case 'in':
      params.push(driver.listParameter(condition.column.meta.type, condition.values));
      return `${condition.column.name}\0${condition.negated ? 'not in' : 'in'}\0`;
    case 'and':
    case 'or': {
      let shape = `${condition.kind}(`;
      for (const item of condition.items) {
        const inner = conditionShape(item, params, driver);
        if (inner === undefined) return undefined;
        shape += `${inner};`;
      }
      return `${shape})`;
    }
    default:
      return undefined;
  }
}
