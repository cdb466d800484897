import 'reflect-metadata';
import { BelongsTo, Column, Defaults, ForeignKeyConstraintError, NotNullConstraintError, Orm, PrimaryKey, QueryError, Table, Unique, UniqueConstraintError } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES, Post, Tag } from './entities';

/** A foreign key without ON DELETE CASCADE, so that deleting a referenced team fails. */
@Table('teams')
class Team {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Unique() @Column() name!: string;
}

@Table('members')
class Member {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @BelongsTo(() => Team) team?: Team;
  @Column() teamId!: number;
}

describeEachDialect('constraint violations', (db) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [...ENTITIES, Team, Member] });
  });
  beforeEach(() => reset_db(orm));
  afterAll(() => orm?.close());

  it('a duplicate is a UniqueConstraintError naming the table, column and property', async () => {
    await orm.repository(Author).insert({ name: 'Ann', email: 'ann@x.io' });
    const error = await orm.repository(Author).insert({ name: 'Ann 2', email: 'ann@x.io' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UniqueConstraintError);
    expect(error).toMatchObject({ table: 'authors', columns: ['email'], properties: ['Author.email'] });
    expect((error as Error).message).toMatch(/^Unique constraint( authors_email_unique)? violated on authors \(email\) \[Author\.email\]: a row with these values already exists\./);
    await expect(orm.repository(Tag).insertMany([{ name: 'x' }, { name: 'x' }])).rejects.toThrow(UniqueConstraintError);
  });

  it('a missing parent is a ForeignKeyConstraintError naming the table and column', async () => {
    const error = await orm.repository(Post).insert({ title: 'Orphan', authorId: 999 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ForeignKeyConstraintError);
    expect(error).toMatchObject({ table: 'posts', columns: ['author_id'], properties: ['Post.authorId'] });
    expect((error as Error).message).toMatch(/author_id.*999.*(is not present in|users|authors)/);
  });

  it('an update to a missing parent is one too', async () => {
    const author = await orm.repository(Author).insert({ name: 'Ann', email: 'ann@x.io' });
    await orm.repository(Post).insert({ title: 'T', authorId: author.id });
    await expect(orm.repository(Post).update({ title: 'T' }, { authorId: 12345 })).rejects.toMatchObject({ name: 'ForeignKeyConstraintError', table: 'posts', columns: ['author_id'] });
  });

  it('a missing required value is a NotNullConstraintError naming the table and column', async () => {
    // @ts-expect-error: the type requires email too; this is what a JavaScript caller gets.
    const error = await orm.repository(Author).insert({ name: 'No email' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(NotNullConstraintError);
    expect(error).toMatchObject({ table: 'authors', columns: ['email'], properties: ['Author.email'] });
    expect((error as Error).message).toMatch(/^NOT NULL constraint violated on authors \(email\) \[Author\.email\]/);
  });

  it('keeps the driver error as the cause', async () => {
    await orm.repository(Author).insert({ name: 'Ann', email: 'ann@x.io' });
    const error = (await orm.repository(Author).insert({ name: 'Ann', email: 'ann@x.io' }).catch((e: Error) => e)) as Error;
    expect((error.cause as Error).message).toMatch(/unique|duplicate/i);
  });

  it('deleting or re-keying a referenced row names the table written and the rows that still reference it', async () => {
    // PostgreSQL once reported this as "members (id)", where id belongs to teams.
    const team = await orm.repository(Team).insert({ name: 'a' });
    await orm.repository(Member).insert({ teamId: team.id });
    for (const write of [() => orm.repository(Team).delete({ id: team.id }), () => orm.repository(Team).update({ id: team.id }, { id: 99 })]) {
      const error = await write().catch((e: Error) => e);
      expect(error).toBeInstanceOf(ForeignKeyConstraintError);
      expect(error).toMatchObject({ table: 'teams', columns: ['id'], properties: ['Team.id'] });
      expect((error as Error).message).toMatch(/^Foreign key( members_team_id_foreign)? violated: a row of teams is still referenced from members \(team_id\) \[Member\.teamId\]\./);
    }
    expect(await orm.repository(Team).count()).toBe(1);
  });

  it('a duplicate names the values on every engine, from the engine or from the values written', async () => {
    await orm.repository(Team).insert({ name: 'a' });
    await expect(orm.repository(Team).insert({ name: 'a' })).rejects.toThrow(/Key \(name\)=\(a\) already exists\./);
    await expect(orm.repository(Team).insertMany([{ name: 'b' }, { name: 'b' }])).rejects.toThrow(/Key \(name\)=\(b\) is given twice in the rows written\./);
    // A key the table holds, in a call that also gives another twice: the one the engine met is named.
    await expect(orm.repository(Team).insertMany([{ name: 'a' }, { name: 'c' }, { name: 'c' }])).rejects.toThrow(
      db().dialect === 'postgres' ? /Key \(name\)=\(a\) already exists\./ : /Key \(name\)=\(c\) is given twice in the rows written\./,
    );
    const b = await orm.repository(Team).insert({ name: 'b' });
    await expect(orm.repository(Team).update({ id: b.id }, { name: 'a' })).rejects.toThrow(/Key \(name\)=\(a\) already exists\./);
  });

  it('a key given twice in one large insertMany is named as such, though its rows went in several statements', async () => {
    // 3,000 names of some 50 characters: several statements on an engine that splits a call by size (MariaDB).
    const rows = Array.from({ length: 3000 }, (_, i) => ({ name: `team ${String(i).padStart(4, '0')} ${'x'.repeat(40)}` }));
    const queries: string[] = [];
    const observed = await Orm.connect({ url: db().url, entities: [Team, Member], onQuery: (e) => queries.push(e.sql) });
    try {
      const error = await observed.repository(Team).insertMany([...rows, { name: rows[0]!.name }]).catch((e: Error) => e);
      expect(error).toBeInstanceOf(UniqueConstraintError);
      // Found among the rows written on every engine (PostgreSQL's own detail would say it already exists).
      expect((error as Error).message).toMatch(new RegExp(`Key \\(name\\)=\\(${rows[0]!.name}\\) is given twice in the rows written\\.`));
      // Found among the rows written, not by asking the database about each of them.
      expect(queries.filter((q) => /^SELECT 1 FROM/.test(q))).toEqual([]);
      expect(await observed.repository(Team).count()).toBe(0);
    } finally {
      await observed.close();
    }
  });
});

@Table('never_migrated')
class NeverMigrated {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column() name!: string;
}

describeEachDialect('a table no migration has created', (db) => {
  it('is a QueryError keeping the driver\'s message and saying to migrate, on a read and on a write', async () => {
    const orm = await Orm.connect({ url: db().url, entities: [NeverMigrated] });
    try {
      const hint = /\. "never_migrated" is an entity's table: the migration that creates it has not run on this database; run `orm db:migrate` \(in tests, reset_db creates the tables\), or check the database URL\.$/;
      for (const attempt of [() => orm.repository(NeverMigrated).find(), () => orm.repository(NeverMigrated).insert({ name: 'x' })]) {
        const error = await attempt().then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(QueryError);
        expect((error as Error).message).toMatch(hint);
        expect((error as Error).message).toMatch(/never_migrated/);
        // The driver's error (from another realm under jest on sqlite3: compared by its message).
        expect(((error as Error).cause as Error).message).toMatch(/never_migrated/);
      }
    } finally {
      await orm.close();
    }
  });

  it('leaves a missing table that is no entity\'s (a name mistyped in orm.sql) the driver\'s error', async () => {
    const orm = await Orm.connect({ url: db().url, entities: [NeverMigrated] });
    try {
      const error = await orm.sql`SELECT * FROM no_such_thing`.then(() => undefined, (e: unknown) => e);
      expect(error).not.toBeInstanceOf(QueryError);
      expect((error as Error).message).toMatch(/no_such_thing/);
      expect((error as { code?: unknown }).code).toBeDefined();
    } finally {
      await orm.close();
    }
  });
});
