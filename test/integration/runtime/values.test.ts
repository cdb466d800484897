import 'reflect-metadata';
import { Column, Defaults, Orm, PrimaryKey, QueryError, sql, Table } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES } from './entities';

@Table('ledgers')
class Ledger {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column({ type: 'decimal', precision: 30, scale: 10 }) amount!: string;
  @Column({ type: 'decimal', nullable: true }) free!: string | null;
}

describeEachDialect('values checked against their column types', (db, dialect) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [...ENTITIES, Ledger] });
  });
  beforeEach(() => reset_db(orm));
  afterAll(() => orm?.close());
  const authors = () => orm.repository(Author);
  const circular: Record<string, unknown> = {};
  circular.self = circular;

  // Each of these was stored as something else, matched nothing, or failed in the driver on one engine.
  it.each([
    ['age', '12abc', /^Author\.age takes a whole number from -2147483648 to 2147483647; got the string "12abc"/],
    ['age', 1.5, /got the number 1\.5/],
    ['age', 2 ** 31, /got the number 2147483648/],
    ['age', [1], /got an array \(\[1\]\)/],
    ['age', { value: 1 }, /got an object \(\{"value":1\}\)/],
    ['name', 'x'.repeat(101), /^Author\.name takes a string of at most 100 characters; got the string "x{50,}\.\.\. \(in insert\)\. It has 101 characters\./],
    ['name', 'a\u0000b', /It contains a NUL character/],
    ['name', 5, /^Author\.name takes a string of at most 100 characters; got the number 5/],
    ['active', 'yes', /^Author\.active takes true or false; got the string "yes"/],
    ['kind', 'owner', /^Author\.kind takes one of 'admin', 'member'; got the string "owner"/],
    ['balance', '12abc', /^Author\.balance takes a decimal as a string or a number that fits decimal\(10, 2\)/],
    ['balance', '123456789.1', /It has 9 digits before the point; decimal\(10, 2\) has room for 8\./],
    ['balance', Number.NaN, /got the number NaN/],
    ['big', 1.5, /^Author\.big takes a bigint/],
    ['big', '1e3', /got the string "1e3"/],
    ['big', 2n ** 63n, /got the bigint 9223372036854775808n/],
    ['rating', Number.NaN, /^Author\.rating takes a number \(not NaN\); got the number NaN/],
    ['born', '2024-02-30', /^Author\.born takes a 'YYYY-MM-DD' string or a Date; got the string "2024-02-30"/],
    ['wakes', '25:00', /^Author\.wakes takes an 'HH:MM' or 'HH:MM:SS' string/],
    ['prefs', { n: 1n }, /^Author\.prefs takes a value JSON can represent; .*JSON\.stringify refused it/],
    ['prefs', circular, /JSON\.stringify refused it/],
    ['avatar', 'bytes', /^Author\.avatar takes a Buffer or Uint8Array; got the string "bytes"/],
    ['token', 'not-a-uuid', /^Author\.token takes a UUID string/],
    ['seenAt', 'yesterday', /^Author\.seenAt takes a Date or an ISO 8601 string; got the string "yesterday"/],
    ['seenAt', new Date(Number.NaN), /got an invalid Date/],
  ])('refuses %s = %p on insert, update and where, writing nothing', async (property, value, message) => {
    const error = await authors().insert({ name: 'Ann', email: 'ann@x.io', [property]: value } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
    expect(await authors().count()).toBe(0);
    await expect(authors().insertMany([{ name: 'Bo', email: 'bo@x.io' }, { name: 'Ann', email: 'ann@x.io', [property]: value } as never])).rejects.toThrow(message);
    const ann = await authors().insert({ name: 'Ann', email: 'ann@x.io' });
    await expect(authors().update({ id: ann.id }, { [property]: value } as never)).rejects.toThrow(/\(in update\)/);
    const before = await authors().findById(ann.id);
    expect(await authors().findById(ann.id)).toEqual(before);
    // A comparison needs the right type, not the column's limits; a plain object there is operators.
    const comparable = !/characters|digits before the point/.test(String(message)) && Object.getPrototypeOf(value) !== Object.prototype;
    if (comparable) await expect(authors().find({ where: { [property]: value } as never })).rejects.toThrow(/\(in where\)/);
  });

  it('stores ±Infinity in a double column where the engine can, and refuses it before any SQL where it cannot (MariaDB)', async () => {
    for (const rating of [Infinity, -Infinity]) {
      if (dialect === 'mysql') {
        await expect(authors().insert({ name: 'Ann', email: 'ann@x.io', rating })).rejects.toThrow(/^Author\.rating takes a number \(not NaN\); got the number -?Infinity \(in insert\)\. This engine stores finite numbers only/);
        await expect(authors().find({ where: { rating: { gt: rating } } })).rejects.toThrow(/got the number -?Infinity \(in where\)/);
      } else {
        const author = await authors().insert({ name: 'Ann', email: `${rating}@x.io`, rating });
        expect((await authors().findById(author.id))!.rating).toBe(rating);
      }
    }
    expect(await authors().count()).toBe(dialect === 'mysql' ? 0 : 2);
  });

  it.each([
    ['a NUL inside a key, which once split into two columns', () => authors().insert({ 'name\u0000email': 'x' } as never), /^Author has no column property 'name\u0000email' \(in insert\)/],
    ['null in an in-list', () => authors().find({ where: { age: { in: [1, null] } } as never }), /^in for Author\.age cannot hold null/],
    ['a wrong value in an in-list', () => authors().find({ where: { age: { in: [1, 'x'] } } as never }), /^Author\.age takes a whole number .* got the string "x" \(in where\)/],
    ['null in a comparison', () => authors().find({ where: { age: { gt: null } } as never }), /^gt for Author\.age takes a value, not null/],
    ['a like that is not a string', () => authors().find({ where: { name: { like: 5 } } as never }), /^like for Author\.name takes a string, such as/],
    ['isNull that is not a boolean', () => authors().find({ where: { age: { isNull: 'yes' } } as never }), /^isNull for Author\.age takes true \(IS NULL\) or false/],
    ['a sql() value in an insert', () => authors().insert({ name: 'Ann', email: 'ann@x.io', seenAt: sql('now()') } as never), /^Author\.seenAt takes a Date or an ISO 8601 string; got a sql\(\) expression \(now\(\)\) \(in insert\)\. A sql expression is a column default, or a value in update; elsewhere values are bound as parameters\./],
    ['a sql() value in a where', () => authors().find({ where: { name: sql('now()') } as never }), /^Author\.name takes a string .*; got a sql\(\) expression \(now\(\)\) \(in where\)/],
    ['a where that is a list', () => authors().find({ where: [{ id: 1 }] as never }), /^A where for Author must be an object/],
  ])('refuses %s', async (_what, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as Error).message).toMatch(message);
  });

  it('brings values to one form, so that every engine stores and matches the same', async () => {
    const a = await authors().insert({
      name: 'Ann', email: 'ann@x.io', token: '123E4567-E89B-12D3-A456-426614174000', seenAt: '2024-01-02T03:04:05' as never,
      balance: 12.345 as never, big: '9223372036854775807' as never, born: new Date('2024-02-29T23:00:00Z') as never,
    });
    const read = (await authors().findById(a.id))!;
    for (const value of [a, read]) {
      expect(value.token).toBe('123e4567-e89b-12d3-a456-426614174000');
      expect(value.seenAt).toEqual(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
      expect(value.balance).toBe('12.35');
      expect(value.big).toBe(9223372036854775807n);
      expect(value.born).toBe('2024-02-29');
    }
    expect(await authors().count({ where: { token: '123E4567-E89B-12D3-A456-426614174000' } })).toBe(1);
    expect(await authors().count({ where: { seenAt: '2024-01-02 03:04:05Z' as never } })).toBe(1);
    expect(await authors().count({ where: { balance: { gt: '12.349' } } })).toBe(1);
    expect(await authors().count({ where: { balance: '12.35' } })).toBe(1);
    expect(await authors().count({ where: { big: { in: [9223372036854775807n, 1n] } } })).toBe(1);
  });

  it("stores a time as 'HH:MM:SS', so that '09:05' and '09:05:00' are the same time on every engine", async () => {
    await authors().insertMany([
      { name: 'a', email: 'a@x.io', wakes: '09:05' }, { name: 'b', email: 'b@x.io', wakes: '09:05:00' }, { name: 'c', email: 'c@x.io', wakes: '10:00:30.000' },
    ]);
    const read = await authors().find({ orderBy: { name: 'asc' } });
    expect(read.map((a) => a.wakes)).toEqual(['09:05:00', '09:05:00', '10:00:30']);
    expect(await authors().count({ where: { wakes: '09:05' } })).toBe(2);
    expect(await authors().count({ where: { wakes: { in: ['09:05:00.0', '10:00:30'] } } })).toBe(3);
    expect(await authors().count({ where: { wakes: { gt: '09:59' } } })).toBe(1);
  });

  it('rounds decimals to their scale half away from zero, as PostgreSQL does, on both engines', async () => {
    const rows = [['0.005', '0.01'], ['-0.005', '-0.01'], ['1e3', '1000.00'], ['0.004', '0.00'], ['99999999.994', '99999999.99'], [7, '7.00']] as const;
    for (const [given, stored] of rows) {
      const a = await authors().insert({ name: String(given), email: `${given}@x.io`, balance: given as never });
      expect(a.balance).toBe(stored);
      expect((await authors().findById(a.id))!.balance).toBe(stored);
    }
    await expect(authors().insert({ name: 'x', email: 'x@x.io', balance: '99999999.995' })).rejects.toThrow(/It has 9 digits before the point/);
  });

  it('keeps every digit of a decimal, or refuses what the engine cannot keep exactly', async () => {
    const ledgers = orm.repository(Ledger);
    const fits = ['123456789012345', '12345.6789012345', '0.0000000001', '-99999.9999999999', '1e19'];
    for (const amount of fits) {
      const row = await ledgers.insert({ amount, free: amount });
      const read = (await ledgers.findById(row.id))!;
      expect(read.amount).toBe(plain(amount, 10));
      expect(read.free).toBe(plain(amount));
      expect(await ledgers.count({ where: { amount } })).toBe(1);
    }
    const thirty = '12345678901234567890.1234567891';
    if (dialect === 'sqlite') {
      await expect(ledgers.insert({ amount: thirty })).rejects.toThrow(/^Ledger\.amount takes .* It has 30 significant digits, and this engine keeps 15 exactly/);
      await expect(ledgers.insert({ amount: '1', free: '0.1234567890123456' })).rejects.toThrow(/^Ledger\.free .* It has 16 significant digits/);
    } else {
      expect((await ledgers.findById((await ledgers.insert({ amount: thirty })).id))!.amount).toBe(thirty);
    }
  });
});

/** The decimal as the engines print it: plain digits, padded to `scale` decimals. */
function plain(text: string, scale?: number): string {
  const expanded = text === '1e19' ? '10000000000000000000' : text;
  if (scale === undefined) return expanded;
  const [whole, fraction = ''] = expanded.split('.');
  return `${whole}.${fraction.padEnd(scale, '0')}`;
}
