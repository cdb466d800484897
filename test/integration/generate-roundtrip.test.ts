import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import knexFactory from 'knex';
import { BelongsTo, Column, type ColumnOptions, DeletedAt, Index, PrimaryKey, type Relation, sql, Table, Unique, Version } from 'strata-orm';
import { readCatalog } from '../helpers/catalog';
import { describeEachDialect, TEST_DATABASE_URL } from '../helpers/dialects';
import { defineEntity } from '../helpers/entities';
import { MigrationHarness } from '../helpers/migrations';
import { typeCheck } from '../helpers/type-check';

const TYPES: [ColumnOptions['type'], ColumnOptions, ColumnOptions['default']][] = [
  ['string', { length: 80 }, "it's"],
  ['text', {}, 'hello'],
  ['integer', {}, -3],
  ['bigint', {}, '9007199254740993'],
  ['float', {}, 0.5],
  ['double', {}, 1e-7],
  ['decimal', { precision: 12, scale: 3 }, '-1.250'],
  ['decimal', { precision: 9 }, 7],
  ['decimal', {}, '3.14159'],
  ['boolean', {}, false],
  ['date', {}, '1999-12-31'],
  ['datetime', {}, new Date('2020-02-02T02:02:02.123Z')],
  ['datetime', { precision: 3 }, sql('CURRENT_TIMESTAMP')],
  ['time', {}, '23:59:58'],
  ['json', {}, { nested: { list: [1, 'two', null] }, flag: true }],
  ['uuid', {}, '6f1c0d8e-3b1a-4b8e-9c7d-2a9f0e1b2c3d'],
  ['binary', {}, undefined],
  ['enum', { enum: ['one', 'two', 'three'] }, 'two'],
];

/** Every type as required, nullable, required with a default and nullable with a default. */
const typeEntities = TYPES.map(([type, options, sample], i) =>
  defineEntity(`Kind${i}`, `kind_${i}_${type}`, {
    required: { type, ...options },
    optional: { type, ...options, nullable: true },
    ...(sample === undefined ? {} : {
      withDefault: { type, ...options, default: sample },
      optionalDefault: { type, ...options, nullable: true, default: sample },
    }),
  }));

@Table('owners')
class Owner {
  @PrimaryKey({ type: 'bigint' }) id!: bigint;
  @Unique() @Column() email!: string;
  @Index({ name: 'owners_by_name' }) @Column() name!: string;
  @Column({ type: 'integer', unique: true, nullable: true }) badge!: number | null;
}

@Table('pets')
@Unique(['ownerId', 'name'])
@Index(['name', 'born'])
class Pet {
  @PrimaryKey() id!: number;
  @Column() name!: string;
  @Column({ type: 'date', nullable: true }) born!: string | null;
  @BelongsTo(() => Owner, { onDelete: 'cascade', onUpdate: 'cascade' }) owner?: Owner;
  @BelongsTo(() => Pet, { foreignKey: 'motherId', nullable: true, onDelete: 'set null' }) mother?: Pet;
  @BelongsTo(() => Vet, { nullable: true, onDelete: 'restrict' }) vet?: Relation<Vet>;
}

@Table('vets')
class Vet {
  @PrimaryKey() id!: number;
  @BelongsTo(() => Pet, { foreignKey: 'favouriteId', nullable: true }) favourite?: Pet;
}

@Table('visits')
class Visit {
  @PrimaryKey({ autoIncrement: false }) petId!: number;
  @PrimaryKey({ type: 'date' }) day!: string;
  @BelongsTo(() => Pet) pet?: Pet;
}

/** The columns the write decorators declare: a version (integer, default 1) and a soft-delete time. */
@Table('ledgers')
class Ledger {
  @PrimaryKey() id!: number;
  @Version() version!: number;
  @DeletedAt() deletedAt!: Date | null;
}

@Table('big_ledgers')
class BigLedger {
  @PrimaryKey() id!: number;
  @Column({ type: 'bigint' }) @Version({ name: 'revision' }) bigVersion!: bigint;
  @DeletedAt({ name: 'removed_at' }) removedAt!: Date | null;
}

const ALL = [...typeEntities, Owner, Pet, Vet, Visit, Ledger, BigLedger];

describeEachDialect('generate from an empty database, apply, generate again', (db) => {
  let harness: MigrationHarness;
  let source = '';
  beforeAll(async () => {
    harness = await MigrationHarness.open(db().url);
  });
  afterAll(() => harness?.close());

  it('writes one migration with every table, then finds nothing more to do', async () => {
    const result = await harness.generate(ALL, 'initial');
    expect(result.status).toBe('written');
    if (result.status !== 'written') return;
    source = readFileSync(result.path, 'utf8');
    expect(result.name).toBe('20260101000000-initial');
    await harness.up();
    expect(await harness.drift(ALL)).toEqual([]);
    expect((await harness.generate(ALL, 'again')).status).toBe('no-changes');
  });

  it('writes a file that type-checks with tsc', () => {
    expect(source).toMatch(/export async function up\(knex: Knex(, step: Step = inOrder)?\)/);
    expect(typeCheck(source)).toEqual([]);
  });

  it('reads back every column, key, unique, index and foreign key it wrote', async () => {
    const schema = await harness.introspect();
    const pets = schema.tables.find((t) => t.name === 'pets')!;
    expect(pets.foreignKeys.map((fk) => [fk.columns.join(), fk.referencedTable, fk.onDelete, fk.onUpdate]).sort()).toEqual([
      ['mother_id', 'pets', 'set null', 'no action'],
      ['owner_id', 'owners', 'cascade', 'cascade'],
      // InnoDB's RESTRICT is its NO ACTION: MariaDB reads both as no action.
      ['vet_id', 'vets', db().dialect === 'mysql' ? 'no action' : 'restrict', 'no action'],
    ]);
    expect(schema.tables.find((t) => t.name === 'visits')!.primaryKey!.columns).toEqual(['pet_id', 'day']);
    expect(schema.tables.find((t) => t.name === 'owners')!.uniques.map((u) => u.name).sort()).toEqual(['owners_badge_unique', 'owners_email_unique']);
  });

  it('down takes the database back to empty, and up again reaches the same schema', async () => {
    const applied = await harness.introspect();
    const dumpOf = async (): Promise<string | undefined> =>
      db().dialect === 'postgres' ? pgDump(db().url) : db().dialect === 'mysql' ? mysqlDump(db().url) : undefined;
    const dump = await dumpOf();
    expect(await harness.down()).toBe('20260101000000-initial');
    expect((await harness.introspect()).tables).toEqual([]);
    expect((await harness.introspect()).enums).toEqual([]);
    await harness.up();
    expect(harness.difference(await harness.introspect(), applied)).toEqual([]);
    if (dump !== undefined) expect(await dumpOf()).toBe(dump);
  });
});

/** MariaDB's SHOW CREATE TABLE of every table but the history, without the AUTO_INCREMENT counter. */
async function mysqlDump(url: string): Promise<string> {
  const knex = knexFactory({ client: 'mysql2', connection: url, pool: { min: 0, max: 1 } });
  try {
    const catalog = await readCatalog(knex, 'mysql');
    return Object.keys(catalog).filter((t) => t !== 'strata_migrations').sort()
      .map((t) => catalog[t]!.sql!.replace(/ AUTO_INCREMENT=\d+/, '')).join(';\n');
  } finally {
    await knex.destroy();
  }
}

/** `pg_dump --schema-only` of the test schema, without its volatile lines; undefined when pg_dump is absent. */
async function pgDump(url: string): Promise<string | undefined> {
  const schema = new URL(url).searchParams.get('schema')!;
  try {
    const out = execFileSync('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', `--schema=${schema}`, '--exclude-table=strata_migrations', TEST_DATABASE_URL.split('?')[0]!], { encoding: 'utf8' });
    return out.split('\n').filter((l) => !l.startsWith('--') && !/^SET |^SELECT pg_catalog/.test(l) && !/^\\(un)?restrict /.test(l)).join('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
