import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { BelongsTo, Column, type EntityClass, Index, MetadataRegistry, PrimaryKey, Table, Unique } from 'strata-orm';
import { planChanges } from '../../src/dialects/plan-changes';
import { PendingMigrationsError } from '../../src/generate/generate-migration';
import { diffDatabase } from '../../src/generate/schema-diff';
import { DEFAULT_HISTORY_TABLE } from '../../src/migrator/history';
import { executeSteps } from '../../src/steps/execute';
import type { Schema } from '../../src/schema/model';
import { describeEachDialect } from '../helpers/dialects';
import { MigrationHarness } from '../helpers/migrations';

/** v1 and v2 of a small schema, one scenario per pair, and the rows that must survive the step. */
interface Scenario {
  readonly v1: EntityClass[];
  readonly v2: EntityClass[];
  readonly seed: (h: MigrationHarness) => Promise<void>;
  readonly check: (h: MigrationHarness, source: string) => Promise<void>;
}

const rows = (h: MigrationHarness, table: string, order = 'id'): Promise<Record<string, unknown>[]> => h.knex(table).select().orderBy(order);

const SCENARIOS: Record<string, () => Scenario> = {
  'a declared column rename keeps the data, and its index follows': () => {
    @Table('people') @Index(['nick']) class V1 { @PrimaryKey() id!: number; @Column() nick!: string; }
    @Table('people') @Index(['handle']) class V2 { @PrimaryKey() id!: number; @Column({ renamedFrom: 'nick' }) handle!: string; }
    return {
      v1: [V1], v2: [V2],
      seed: async (h) => { await h.knex('people').insert([{ nick: 'ann' }, { nick: 'bob' }]); },
      check: async (h, source) => {
        expect((await rows(h, 'people')).map((r) => r.handle)).toEqual(['ann', 'bob']);
        // knex's renameColumn on MariaDB rewrites the column from SHOW FULL FIELDS; RENAME COLUMN (10.5+) renames only.
        expect(source).toContain(h.orm.dialect.name === 'mysql' ? 'ALTER TABLE "people" RENAME COLUMN "nick" TO "handle"' : "t.renameColumn('nick', 'handle')");
        expect(source).not.toMatch(/DESTRUCTIVE/);
      },
    };
  },

  'a declared table rename keeps the rows, and references follow': () => {
    @Table('accounts') class A1 { @PrimaryKey() id!: number; @Column({ enum: ['free', 'paid'] }) plan!: string; }
    @Table('invoices') class I1 { @PrimaryKey() id!: number; @BelongsTo(() => A1, { onDelete: 'cascade' }) account?: A1; }
    @Table({ name: 'customers', renamedFrom: 'accounts' }) class A2 { @PrimaryKey() id!: number; @Column({ enum: ['free', 'paid'] }) plan!: string; }
    @Table('invoices') class I2 { @PrimaryKey() id!: number; @BelongsTo(() => A2, { foreignKey: 'accountId', onDelete: 'cascade' }) account?: A2; }
    return {
      v1: [A1, I1], v2: [A2, I2],
      seed: async (h) => {
        await h.knex('accounts').insert([{ plan: 'free' }, { plan: 'paid' }]);
        await h.knex('invoices').insert([{ account_id: 1 }, { account_id: 2 }, { account_id: 2 }]);
      },
      check: async (h, source) => {
        expect((await rows(h, 'customers')).map((r) => r.plan)).toEqual(['free', 'paid']);
        expect((await rows(h, 'invoices')).map((r) => Number(r.account_id))).toEqual([1, 2, 2]);
        expect(source).toContain("renameTable('accounts', 'customers')");
        await h.knex('customers').where({ id: 2 }).delete();
        expect(await rows(h, 'invoices')).toHaveLength(1);
      },
    };
  },

  'a type and length change keeps every value': () => {
    @Table('metrics') class V1 { @PrimaryKey() id!: number; @Column() count!: number; @Column({ length: 20 }) label!: string; }
    @Table('metrics') class V2 { @PrimaryKey() id!: number; @Column({ type: 'bigint' }) count!: bigint; @Column({ length: 200 }) label!: string; }
    return {
      v1: [V1], v2: [V2],
      seed: async (h) => { await h.knex('metrics').insert([{ count: 2147483647, label: 'max int' }, { count: -5, label: 'negative' }]); },
      check: async (h) => {
        expect((await rows(h, 'metrics')).map((r) => [String(r.count), r.label])).toEqual([['2147483647', 'max int'], ['-5', 'negative']]);
      },
    };
  },

  'nullability and default changes keep the data': () => {
    @Table('tasks') class V1 { @PrimaryKey() id!: number; @Column({ type: 'string', nullable: true }) owner!: string | null; @Column({ default: 1 }) priority!: number; }
    @Table('tasks') class V2 { @PrimaryKey() id!: number; @Column() owner!: string; @Column({ default: 5 }) priority!: number; }
    return {
      v1: [V1], v2: [V2],
      seed: async (h) => {
        await h.knex('tasks').insert({ owner: 'ann' });
        await h.knex('tasks').insert({ owner: 'bob', priority: 3 });
      },
      check: async (h) => {
        expect((await rows(h, 'tasks')).map((r) => [r.owner, Number(r.priority)])).toEqual([['ann', 1], ['bob', 3]]);
        await h.knex('tasks').insert({ owner: 'cy' });
        expect(Number((await h.knex('tasks').where({ owner: 'cy' }).first()).priority)).toBe(5);
        await h.knex('tasks').where({ owner: 'cy' }).delete();
      },
    };
  },

  'uniques, indexes and foreign keys come and go on tables with rows': () => {
    @Table('teams') class T1 { @PrimaryKey() id!: number; @Column() name!: string; }
    @Table('players') class P1 { @PrimaryKey() id!: number; @Column() name!: string; @Column() teamId!: number; }
    @Table('teams') class T2 { @PrimaryKey() id!: number; @Unique() @Column() name!: string; }
    @Table('players') @Index(['teamId', 'name']) class P2 { @PrimaryKey() id!: number; @Column() name!: string; @BelongsTo(() => T2, { onDelete: 'cascade' }) team?: T2; @Column() teamId!: number; }
    return {
      v1: [T1, P1], v2: [T2, P2],
      seed: async (h) => {
        await h.knex('teams').insert([{ name: 'red' }, { name: 'blue' }]);
        await h.knex('players').insert([{ name: 'a', team_id: 1 }, { name: 'b', team_id: 2 }]);
      },
      check: async (h) => {
        expect(await rows(h, 'players')).toHaveLength(2);
        await expect(h.knex('teams').insert({ name: 'red' })).rejects.toThrow(/unique/i);
        await expect(h.knex('players').insert({ name: 'x', team_id: 99 })).rejects.toThrow(/foreign key/i);
      },
    };
  },

  'an enum gains a value, in place, and may default to it at once': () => {
    @Table('orders') class V1 { @PrimaryKey() id!: number; @Column({ enum: ['new', 'paid'], default: 'new' }) state!: string; }
    @Table('orders') class V2 { @PrimaryKey() id!: number; @Column({ enum: ['draft', 'new', 'paid', 'shipped'], default: 'draft' }) state!: string; }
    return {
      v1: [V1], v2: [V2],
      seed: async (h) => { await h.knex('orders').insert([{ state: 'new' }, { state: 'paid' }]); },
      check: async (h, source) => {
        expect((await rows(h, 'orders')).map((r) => r.state)).toEqual(['new', 'paid']);
        await h.knex('orders').insert({});
        await h.knex('orders').insert({ state: 'shipped' });
        expect((await rows(h, 'orders')).map((r) => r.state)).toEqual(['new', 'paid', 'draft', 'shipped']);
        await h.knex('orders').whereIn('state', ['draft', 'shipped']).delete();
      },
    };
  },

  'a NOT NULL column with a default joins a table with rows': () => {
    @Table('books') class V1 { @PrimaryKey() id!: number; @Column() title!: string; }
    @Table('books') class V2 { @PrimaryKey() id!: number; @Column() title!: string; @Column({ default: 'en' }) language!: string; @Column({ type: 'datetime', nullable: true }) readAt!: Date | null; }
    return {
      v1: [V1], v2: [V2],
      seed: async (h) => { await h.knex('books').insert([{ title: 'A' }, { title: 'B' }]); },
      check: async (h) => { expect((await rows(h, 'books')).map((r) => [r.title, r.language])).toEqual([['A', 'en'], ['B', 'en']]); },
    };
  },

  'a key and the foreign keys that reference it widen from integer to bigint, beside a table dropped and one created that reference it': () => {
    @Table('members') class M1 { @PrimaryKey() id!: number; @Column() name!: string; }
    @Table('tickets') class T1 { @PrimaryKey() id!: number; @BelongsTo(() => M1, { onDelete: 'cascade' }) member?: M1; @Column({ type: 'integer', nullable: true }) seat!: number | null; }
    @Table('passes') class P1 { @PrimaryKey() id!: number; @BelongsTo(() => M1) member?: M1; }
    @Table('members') class M2 { @PrimaryKey({ type: 'bigint' }) id!: bigint; @Column() name!: string; }
    @Table('tickets') class T2 { @PrimaryKey() id!: number; @BelongsTo(() => M2, { onDelete: 'cascade' }) member?: M2; @Column({ type: 'integer', nullable: true }) seat!: number | null; }
    @Table('badges') class B2 { @PrimaryKey() id!: number; @BelongsTo(() => M2) member?: M2; }
    return {
      v1: [M1, T1, P1], v2: [M2, T2, B2],
      seed: async (h) => {
        await h.knex('members').insert([{ name: 'ann' }, { name: 'bob' }]);
        await h.knex('tickets').insert([{ member_id: 1, seat: 4 }, { member_id: 2, seat: 5 }, { member_id: 2, seat: 6 }]);
        await h.knex('passes').insert({ member_id: 1 });
      },
      check: async (h) => {
        await expect(h.knex('badges').insert({ member_id: 99 })).rejects.toThrow(/foreign key/i);
        expect((await rows(h, 'tickets')).map((r) => [Number(r.member_id), r.seat])).toEqual([[1, 4], [2, 5], [2, 6]]);
        await expect(h.knex('tickets').insert({ member_id: 99 })).rejects.toThrow(/foreign key/i);
        await h.knex('members').where({ id: 2 }).delete();
        expect(await rows(h, 'tickets')).toHaveLength(1);
      },
    };
  },

  'an undeclared rename is written as drop and add, marked, with a hint': () => {
    @Table('notes') class V1 { @PrimaryKey() id!: number; @Column({ type: 'text', nullable: true }) body!: string | null; }
    @Table('notes') class V2 { @PrimaryKey() id!: number; @Column({ type: 'text', nullable: true }) content!: string | null; }
    return {
      v1: [V1], v2: [V2],
      seed: async (h) => { await h.knex('notes').insert({ body: 'lost' }); },
      check: async (h, source) => {
        expect(source).toContain('// DESTRUCTIVE: drops column "notes.body" and its data.');
        expect(source).toMatch(/^ {2}\/\/ If "notes\.body" was renamed to "content", declare it on the property: @Column\(\{ renamedFrom: 'body' \}\), delete \d{14}-v2\.ts and its \.schema\.json \(unapplied, it would drop the data\), and generate again\.$/m);
        expect((await rows(h, 'notes')).map((r) => r.content)).toEqual([null]);
      },
    };
  },
};

describeEachDialect('evolving a schema', (db) => {
  it.each(Object.keys(SCENARIOS))('%s; down restores the schema exactly', async (name) => {
    const scenario = SCENARIOS[name]!();
    const harness = await MigrationHarness.open(db().url);
    try {
      await harness.reset();
      await harness.migrate(scenario.v1, 'v1');
      const before: Schema = await harness.introspect();
      await scenario.seed(harness);
      const result = await harness.generate(scenario.v2, 'v2');
      expect(result.status).toBe('written');
      if (result.status !== 'written') return;
      await harness.up();
      expect(await harness.drift(scenario.v2)).toEqual([]);
      await scenario.check(harness, readFileSync(result.path, 'utf8'));
      await harness.down();
      expect(harness.difference(await harness.introspect(), before)).toEqual([]);
      expect(await harness.drift(scenario.v1)).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it('keeps every ON DELETE CASCADE child when the parent table is rebuilt', async () => {
    @Table('parents') class P1 { @PrimaryKey() id!: number; @Column({ length: 10 }) name!: string; }
    @Table('children') class C1 { @PrimaryKey() id!: number; @BelongsTo(() => P1, { onDelete: 'cascade' }) parent?: P1; }
    @Table('grandchildren') class G1 { @PrimaryKey() id!: number; @BelongsTo(() => C1, { onDelete: 'cascade' }) child?: C1; }
    @Table('parents') class P2 { @PrimaryKey() id!: number; @Column({ type: 'text' }) name!: string; @Column({ type: 'integer', nullable: true }) rank!: number | null; }
    @Table('children') class C2 { @PrimaryKey() id!: number; @BelongsTo(() => P2, { onDelete: 'cascade' }) parent?: P2; @Column({ default: 0 }) age!: number; }
    @Table('grandchildren') class G2 { @PrimaryKey() id!: number; @BelongsTo(() => C2, { onDelete: 'cascade' }) child?: C2; }
    const harness = await MigrationHarness.open(db().url);
    try {
      await harness.reset();
      await harness.migrate([P1, C1, G1], 'v1');
      await harness.knex('parents').insert([{ name: 'a' }, { name: 'b' }]);
      await harness.knex('children').insert([{ parent_id: 1 }, { parent_id: 1 }, { parent_id: 2 }]);
      await harness.knex('grandchildren').insert([{ child_id: 1 }, { child_id: 3 }]);
      const result = await harness.migrate([P2, C2, G2], 'v2');
      expect(result.status).toBe('written');
      if (db().dialect === 'sqlite' && result.status === 'written') expect(result.source).toContain('rebuild "parents"');
      expect(await rows(harness, 'parents')).toHaveLength(2);
      expect((await rows(harness, 'children')).map((r) => Number(r.parent_id))).toEqual([1, 1, 2]);
      expect(await rows(harness, 'grandchildren')).toHaveLength(2);
      await harness.down();
      expect((await rows(harness, 'children')).map((r) => Number(r.parent_id))).toEqual([1, 1, 2]);
      expect(await rows(harness, 'grandchildren')).toHaveLength(2);
      await harness.knex('parents').where({ id: 1 }).delete();
      expect(await rows(harness, 'children')).toHaveLength(1);
    } finally {
      await harness.close();
    }
  });

  it.each(['generated file', 'executed steps'])('keeps the triggers and views of a rebuilt table, and the triggers of others that name it (%s)', async (form) => {
    @Table('audit') class A { @PrimaryKey() id!: number; @Column({ type: 'integer' }) parentId!: number; }
    @Table('parents') class P1 { @PrimaryKey() id!: number; @Column({ length: 10 }) name!: string; }
    @Table('parents') class P2 { @PrimaryKey() id!: number; @Column({ type: 'text' }) name!: string; @Column({ type: 'integer', nullable: true }) rank!: number | null; }
    const sqlite = db().dialect === 'sqlite';
    const harness = await MigrationHarness.open(db().url);
    try {
      await harness.reset();
      await harness.migrate([A, P1], 'v1');
      if (sqlite) {
        // SQLite keeps the table's name as the trigger spells it.
        await harness.knex.raw('CREATE TRIGGER parents_audit AFTER INSERT ON Parents BEGIN INSERT INTO audit (parent_id) VALUES (NEW.id); END');
        await harness.knex.raw('CREATE TRIGGER audit_touch AFTER INSERT ON audit WHEN NEW.parent_id = 0 BEGIN UPDATE parents SET name = \'touched\' WHERE id = 1; END');
      } else if (db().dialect === 'mysql') {
        await harness.knex.raw('CREATE TRIGGER parents_audit AFTER INSERT ON parents FOR EACH ROW INSERT INTO audit (parent_id) VALUES (NEW.id)');
      } else {
        await harness.knex.raw('CREATE FUNCTION log_parent() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit (parent_id) VALUES (NEW.id); RETURN NEW; END $$');
        await harness.knex.raw('CREATE TRIGGER parents_audit AFTER INSERT ON parents FOR EACH ROW EXECUTE FUNCTION log_parent()');
      }
      await harness.knex.raw('CREATE VIEW parent_ids AS SELECT id FROM parents');
      await harness.knex('parents').insert({ name: 'a' });
      // The trigger logs each new parent in audit; the view lists the parents.
      const check = async (): Promise<void> => {
        await harness.knex('parents').insert({ name: 'b' });
        const ids = (await harness.knex('parents').orderBy('id').pluck('id')).map(Number);
        expect(ids).toHaveLength(2);
        expect((await harness.knex('audit').orderBy('id').pluck('parent_id')).map(Number)).toEqual(ids);
        expect((await harness.knex('parent_ids').orderBy('id').pluck('id')).map(Number)).toEqual(ids);
        await harness.knex('parents').where({ name: 'b' }).delete();
        await harness.knex('audit').where({ parent_id: ids[1] }).delete();
      };
      // The same steps, rendered into a migration file and run by the migrator, or executed directly (as reset_db does).
      const execute = async (entities: EntityClass[]): Promise<void> => {
        const dialect = harness.orm.dialect;
        const { actual, changes } = await diffDatabase(harness.knex, dialect, MetadataRegistry.build(entities), DEFAULT_HISTORY_TABLE);
        await dialect.migrations.runUnit(harness.knex, true, (unit) => executeSteps(unit, planChanges(dialect, actual, changes).flatMap((p) => p.steps)));
      };
      const result = form === 'executed steps' ? await execute([A, P2]) : await harness.migrate([A, P2], 'v2');
      if (result) expect(result.status).toBe('written');
      if (sqlite && result?.status === 'written') {
        expect(result.source).toContain('rebuild "parents"');
        expect(result.source).toContain("const saved1 = ((await knex.raw('SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = ? COLLATE NOCASE ORDER BY rowid', ['trigger', 'parents'])) as { sql: string }[]).map((row) => row.sql);");
        expect(result.source).toContain('for (const sql of saved1) await knex.raw(sql);');
      }
      expect(await harness.drift([A, P2])).toEqual([]);
      await check();
      if (sqlite) {
        await harness.knex('audit').insert({ parent_id: 0 });
        expect(await harness.knex('parents').where({ id: 1 }).pluck('name')).toEqual(['touched']);
        await harness.knex('audit').where({ parent_id: 0 }).delete();
        await harness.knex('parents').where({ id: 1 }).update({ name: 'a' });
      }
      await (form === 'executed steps' ? execute([A, P1]) : harness.down());
      expect(await harness.drift([A, P1])).toEqual([]);
      await check();
      // The migration ran on this connection (SQLite's pool holds one), and left the pragma as it found it.
      if (sqlite) expect(await harness.knex.raw('PRAGMA legacy_alter_table')).toEqual([{ legacy_alter_table: 0 }]);
    } finally {
      await harness.knex.raw('DROP VIEW IF EXISTS parent_ids').catch(() => undefined);
      if (db().dialect === 'postgres') await harness.knex.raw('DROP TABLE IF EXISTS parents; DROP FUNCTION IF EXISTS log_parent()').catch(() => undefined);
      await harness.close();
    }
  });

  it('narrows a database\'s varchar without a length to an entity\'s string only when every value fits, and restores it on down', async () => {
    @Table('notes') class Note { @PrimaryKey() id!: number; @Column() body!: string; }
    const harness = await MigrationHarness.open(db().url);
    try {
      await harness.reset();
      // MariaDB's varchar always has a length: a wide one stands for it there.
      await harness.knex.raw(db().dialect === 'mysql' ? 'CREATE TABLE notes (id int AUTO_INCREMENT PRIMARY KEY, body varchar(4000) NOT NULL)'
        : `CREATE TABLE notes (id ${db().dialect === 'sqlite' ? 'integer PRIMARY KEY AUTOINCREMENT' : 'serial PRIMARY KEY'}, body varchar NOT NULL)`);
      const before = await harness.introspect();
      await harness.knex('notes').insert([{ body: 'short' }, { body: 'x'.repeat(300) }]);
      const result = await harness.generate([Note], 'narrow');
      expect(result.status).toBe('written');
      await expect(harness.up()).rejects.toThrow(/^Cannot change "notes"\."body" from string(\(4000\))? to string\(255\): 1 row\(s\) hold values that do not fit in 255 characters/);
      await harness.knex('notes').where('body', 'x'.repeat(300)).update({ body: 'long no more' });
      await harness.up();
      expect(await harness.drift([Note])).toEqual([]);
      await harness.down();
      expect(harness.difference(await harness.introspect(), before)).toEqual([]);
      expect((await harness.knex('notes').orderBy('id').pluck('body'))).toEqual(['short', 'long no more']);
    } finally {
      await harness.close();
    }
  });

  it('refuses to generate while migrations are pending', async () => {
    @Table('things') class T { @PrimaryKey() id!: number; }
    const harness = await MigrationHarness.open(db().url);
    try {
      await harness.reset();
      await harness.generate([T], 'first');
      const error = await harness.generate([T], 'second').catch((e: Error) => e);
      expect(error).toBeInstanceOf(PendingMigrationsError);
      expect((error as Error).message).toMatch(/^1 migration\(s\) are not applied yet \(20260101000000-first\)\. Apply them first with `orm db:migrate`/);
      expect((error as Error).message).toMatch(/To redo a migration you generated but have not applied anywhere \(to declare a rename, say\), delete its \.ts and \.schema\.json files and generate again\.$/);
    } finally {
      await harness.close();
    }
  });
});
