import 'reflect-metadata';
import fc from 'fast-check';
import { Column, Defaults, Orm, PrimaryKey, QueryError, Table } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../helpers/dialects';

/**
 * The where compiler against an in-memory evaluator of the same semantics, on random condition trees:
 * - undefined (a property, an operator, a member of and/or) is absent; absent holds for every row;
 * - a where object and `and` hold when every member does (`and: []` is absent); `or` when one does (`or: []`
 *   matches nothing); `in: []` matches nothing, `notIn: []` is absent;
 * - comparisons follow SQL's three-valued logic: NULL satisfies nothing but IS NULL;
 * - `not` negates, but leaves an absent condition absent (and one that matches nothing absent too);
 * - update and delete refuse exactly the wheres that fold to "absent", whatever their shape.
 */
@Table('items')
class Item {
  declare [Defaults]?: 'id' | 'touched';
  @PrimaryKey() id!: number;
  @Column({ type: 'integer', nullable: true }) n!: number | null;
  @Column({ type: 'string', length: 10, nullable: true }) s!: string | null;
  @Column({ type: 'boolean', nullable: true }) b!: boolean | null;
  @Column({ type: 'enum', enum: ['x', 'y', 'z'] }) k!: 'x' | 'y' | 'z';
  /** Never in a where: what an update changes, so that a delete that follows still selects the same rows. */
  @Column({ default: 0 }) touched!: number;
}

type Row = { id: number; n: number | null; s: string | null; b: boolean | null; k: 'x' | 'y' | 'z'; touched: number };
type Where = Record<string, unknown>;
type Truth = true | false | null;

const NUMBERS = [0, 1, 2, 3, 4];
const STRINGS = ['', 'a', 'ab', 'b', 'ba'];
const KINDS = ['x', 'y', 'z'] as const;
const ROWS: Omit<Row, 'id' | 'touched'>[] = [];
for (let i = 0; i < 30; i++) {
  ROWS.push({
    n: i % 6 === 5 ? null : NUMBERS[i % 5]!,
    s: i % 7 === 6 ? null : STRINGS[(i * 3) % 5]!,
    b: i % 4 === 3 ? null : i % 2 === 0,
    k: KINDS[i % 3]!,
  });
}

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 4 });

function operators(value: fc.Arbitrary<unknown>, extra: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    eq: maybe(fc.oneof(value, fc.constant(null))),
    ne: maybe(fc.oneof(value, fc.constant(null))),
    gt: maybe(value), gte: maybe(value), lt: maybe(value), lte: maybe(value),
    in: maybe(fc.array(value, { maxLength: 3 })),
    notIn: maybe(fc.array(value, { maxLength: 3 })),
    isNull: maybe(fc.boolean()),
    ...extra,
  }, { requiredKeys: [] });
}

function property(value: fc.Arbitrary<unknown>, ops: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(value, fc.constant(null), fc.constant(undefined), ops);
}

const number = fc.constantFrom(...NUMBERS);
const string = fc.constantFrom(...STRINGS);
const leaf: fc.Arbitrary<Where> = fc.record({
  n: property(number, operators(number)),
  s: property(string, operators(string, { like: maybe(fc.constantFrom('a%', '%b', '_', '%', 'a_', '')) })),
  b: property(fc.boolean(), fc.record({ eq: maybe(fc.oneof(fc.boolean(), fc.constant(null))), ne: maybe(fc.boolean()), isNull: maybe(fc.boolean()) }, { requiredKeys: [] })),
  k: property(fc.constantFrom(...KINDS), fc.record({ in: maybe(fc.array(fc.constantFrom(...KINDS), { maxLength: 2 })), ne: maybe(fc.constantFrom(...KINDS)) }, { requiredKeys: [] })),
}, { requiredKeys: [] });

const where: fc.Arbitrary<Where> = fc.letrec<{ where: Where }>((tie) => ({
  where: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ and: fc.array(fc.oneof(tie('where'), fc.constant(undefined)), { maxLength: 3 }) }),
    fc.record({ or: fc.array(fc.oneof(tie('where'), fc.constant(undefined)), { maxLength: 3 }) }),
    fc.record({ not: tie('where') }),
    fc.tuple(leaf, tie('where'), tie('where')).map(([l, a, b]) => ({ ...l, and: [a], or: [b] })),
  ),
})).where;

/** What a where folds to before any row is read: absent (every row), nothing, or a real condition. */
type Folded = 'all' | 'none' | 'some';

function combine(kind: 'and' | 'or', items: Folded[]): Folded {
  const absorbing = kind === 'and' ? 'none' : 'all';
  if (items.includes(absorbing)) return absorbing;
  const kept = items.filter((i) => i === 'some');
  if (kept.length) return 'some';
  return kind === 'and' ? 'all' : 'none';
}

function fold(w: unknown): Folded {
  if (w === undefined) return 'all';
  const parts: Folded[] = [];
  for (const [key, value] of Object.entries(w as Where)) {
    if (value === undefined) continue;
    if (key === 'and' || key === 'or') parts.push(combine(key, (value as unknown[]).map(fold)));
    // not of an absent condition stays absent; not of one that matches nothing is absent too.
    else if (key === 'not') parts.push(fold(value) === 'some' ? 'some' : 'all');
    else if (value === null || typeof value !== 'object') parts.push('some');
    else {
      const ops: Folded[] = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([op, v]) => {
        if (op === 'in' && (v as unknown[]).length === 0) return 'none';
        if (op === 'notIn' && (v as unknown[]).length === 0) return 'all';
        return 'some';
      });
      parts.push(combine('and', ops));
    }
  }
  return combine('and', parts);
}

function and(values: Truth[]): Truth {
  if (values.includes(false)) return false;
  return values.includes(null) ? null : true;
}

function or(values: Truth[]): Truth {
  if (values.includes(true)) return true;
  return values.includes(null) ? null : false;
}

function compare(a: unknown, b: unknown, op: string): Truth {
  if (a === null || b === null) return null;
  const x = a as number | string | boolean;
  const y = b as number | string | boolean;
  switch (op) {
    case 'eq': return x === y;
    case 'ne': return x !== y;
    case 'gt': return x > y;
    case 'gte': return x >= y;
    case 'lt': return x < y;
    default: return x <= y;
  }
}

function like(value: unknown, pattern: string): Truth {
  if (value === null) return null;
  const regex = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');
  return regex.test(value as string);
}

/** SQL's answer for a row: true, false, or unknown (null). */
function evaluate(w: unknown, row: Row): Truth {
  if (w === undefined) return true;
  const parts: Truth[] = [];
  for (const [key, value] of Object.entries(w as Where)) {
    if (value === undefined) continue;
    if (key === 'and') parts.push(and((value as unknown[]).map((m) => evaluate(m, row))));
    else if (key === 'or') parts.push(or((value as unknown[]).map((m) => evaluate(m, row))));
    else if (key === 'not') {
      const inner = evaluate(value, row);
      parts.push(fold(value) !== 'some' ? true : inner === null ? null : !inner);
    }
    else {
      const actual = row[key as keyof Row];
      if (value === null) parts.push(actual === null);
      else if (typeof value !== 'object') parts.push(compare(actual, value, 'eq'));
      else {
        for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
          if (operand === undefined) continue;
          if (op === 'isNull') parts.push(operand ? actual === null : actual !== null);
          else if ((op === 'eq' || op === 'ne') && operand === null) parts.push(op === 'eq' ? actual === null : actual !== null);
          else if (op === 'in') parts.push(or((operand as unknown[]).map((v) => compare(actual, v, 'eq'))));
          else if (op === 'notIn') parts.push(and((operand as unknown[]).map((v) => compare(actual, v, 'ne'))));
          else if (op === 'like') parts.push(like(actual, operand as string));
          else parts.push(compare(actual, operand, op));
        }
      }
    }
  }
  return and(parts);
}

describeEachDialect('where, against an evaluator of its semantics', (db) => {
  let orm: Orm;
  let rows: Row[];
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [Item] });
    await reset_db(orm);
    rows = (await orm.repository(Item).insertMany(ROWS, { returning: true })).map((r) => ({ ...r }));
  });
  afterAll(() => orm?.close());

  it('finds, counts, updates and deletes exactly the rows the evaluator selects', async () => {
    const items = orm.repository(Item);
    await fc.assert(
      fc.asyncProperty(where, async (w) => {
        const expected = rows.filter((r) => evaluate(w, r) === true).map((r) => r.id);
        expect((await items.find({ where: w as never, orderBy: { id: 'asc' } })).map((r) => r.id)).toEqual(expected);
        expect(await items.count({ where: w as never })).toBe(expected.length);
        if (fold(w) === 'all') {
          await expect(items.delete(w as never)).rejects.toThrow(QueryError);
          await expect(items.update(w as never, { touched: 1 })).rejects.toThrow(/needs a where that selects rows/);
          return;
        }
        await orm.transaction(async (tx) => {
          expect(await tx.repository(Item).update(w as never, { touched: 1 })).toBe(expected.length);
          expect(await tx.repository(Item).delete(w as never)).toBe(expected.length);
          expect(await tx.repository(Item).count()).toBe(rows.length - expected.length);
          throw new Rollback();
        }).catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
      }),
      { numRuns: Number(process.env.STRATA_PROPERTY_RUNS ?? 300), seed: process.env.STRATA_PROPERTY_SEED ? Number(process.env.STRATA_PROPERTY_SEED) : undefined },
    );
    expect(await items.count()).toBe(rows.length);
  });

  it.each([
    ['{ and: [{ id: undefined }] }', { and: [{ id: undefined }] }],
    ['{ and: [] }', { and: [] }],
    ['{ or: [{ n: undefined }] }', { or: [{ n: undefined }] }],
    ['{ n: { gte: undefined } }', { n: { gte: undefined } }],
    ['{ id: {} }', { id: {} }],
    ['{ or: [{ n: 1 }, {}] }', { or: [{ n: 1 }, {}] }],
  ])('refuses to update or delete with %s, which once deleted, matched nothing or failed with WHERE ()', async (_shape, w) => {
    const items = orm.repository(Item);
    expect(await items.count({ where: w as never })).toBe(rows.length);
    await expect(items.delete(w as never)).rejects.toThrow(/^delete on Item needs a where that selects rows/);
    await expect(items.update(w as never, { touched: 1 })).rejects.toThrow(/^update on Item needs a where that selects rows/);
    expect(await items.count()).toBe(rows.length);
  });

  it('matches nothing with or: [] and in: [], and changes nothing with them', async () => {
    const items = orm.repository(Item);
    for (const w of [{ or: [] }, { n: { in: [] } }, { and: [{ k: 'x' }, { or: [] }] }]) {
      expect(await items.find({ where: w as never })).toEqual([]);
      expect(await items.delete(w as never)).toBe(0);
      expect(await items.update(w as never, { touched: 1 })).toBe(0);
    }
  });
});

class Rollback extends Error {}
