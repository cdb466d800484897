import { Orm } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES } from './entities';

// A datetime read back must compare equal to itself: PostgreSQL once kept microseconds a Date drops, and
// SQLite's CURRENT_TIMESTAMP default wrote no milliseconds while Strata's parameters had them.
describeEachDialect('datetimes round-trip exactly', (db, dialect) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: ENTITIES });
  });
  beforeEach(() => reset_db(orm));
  afterAll(() => orm?.close());
  const authors = () => orm.repository(Author);

  it('finds a row by the time its database default gave it', async () => {
    // Inserted around the runtime, so the created_at and updated_at defaults (the database's clock) apply.
    await orm.knex('authors').insert({ name: 'Raw', email: 'raw@x.io' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await orm.knex('authors').insert({ name: 'Raw 2', email: 'raw2@x.io' });
    for (const author of await authors().find()) {
      expect(await authors().count({ where: { createdAt: author.createdAt } })).toBeGreaterThanOrEqual(1);
      expect((await authors().find({ where: { createdAt: { lte: author.createdAt, gte: author.createdAt } } })).map((a) => a.id)).toContain(author.id);
      expect(await authors().update({ id: author.id, updatedAt: author.updatedAt }, { name: `${author.name}!` })).toBe(1);
    }
  });

  it('finds a row by the time it was written with, whole seconds and milliseconds alike', async () => {
    const times = [new Date('2024-03-01T10:00:00.000Z'), new Date('2024-03-01T10:00:00.001Z'), new Date('2024-03-01T10:00:00.999Z'), new Date('2024-03-01T10:00:01.000Z')];
    for (const [i, seenAt] of times.entries()) await authors().insert({ name: `t${i}`, email: `t${i}@x.io`, seenAt });
    for (const seenAt of times) {
      const found = await authors().find({ where: { seenAt } });
      expect(found.map((a) => a.seenAt)).toEqual([seenAt]);
    }
    // Text order is time order, whichever of the stored forms two values have.
    const ordered = await authors().find({ where: { seenAt: { gt: times[0]!, lt: times[3]! } }, orderBy: { seenAt: 'asc' } });
    expect(ordered.map((a) => a.seenAt)).toEqual(times.slice(1, 3));
    expect((await authors().find({ orderBy: { seenAt: 'desc' }, where: { seenAt: { isNull: false } } })).map((a) => a.seenAt)).toEqual([...times].reverse());
  });

  it('stores datetimes at millisecond precision', async () => {
    if (dialect === 'postgres') {
      const { rows } = (await orm.knex.raw(`SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'authors'::regclass AND attname = 'created_at'`)) as { rows: { type: string }[] };
      expect(rows[0]!.type).toBe('timestamp(3) with time zone');
    } else if (dialect === 'mysql') {
      const [rows] = (await orm.knex.raw(`SELECT column_type AS type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'authors' AND column_name = 'created_at'`)) as [{ type: string }[]];
      expect(rows[0]!.type).toBe('datetime(3)');
    } else {
      await authors().insert({ name: 'W', email: 'w@x.io', seenAt: new Date('2024-03-01T10:00:00Z') });
      const [row] = (await orm.knex.raw(`SELECT seen_at FROM authors`)) as { seen_at: string }[];
      expect(row!.seen_at).toBe('2024-03-01 10:00:00');
    }
  });
});
