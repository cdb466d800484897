import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BelongsTo, Column, type ColumnOptions, CreatedAt, DeletedAt, type EntityClass, Index, PrimaryKey, type Relation, sql, Table, Unique, UpdatedAt, Version } from 'strata-orm';
import { type EntityFile, renderEntities } from '../../src/codegen/entities/render-entities';
import type { TypeApproximation } from '../../src/dialects/dialect';
import { baselineDatabase } from '../../src/generate/baseline';
import { generateEntities } from '../../src/generate/generate-entities';
import { describeEachDialect } from '../helpers/dialects';
import { defineEntity } from '../helpers/entities';
import { MigrationHarness } from '../helpers/migrations';
import { typeCheckFiles } from '../helpers/type-check';

const TYPES: [ColumnOptions['type'], ColumnOptions, ColumnOptions['default']][] = [
  ['string', { length: 80 }, "it's"], ['text', {}, 'hello'], ['integer', {}, -3], ['bigint', {}, '9007199254740993'],
  ['float', {}, 0.5], ['double', {}, 2.25], ['decimal', { precision: 12, scale: 3 }, '1.250'], ['decimal', {}, undefined],
  ['boolean', {}, false], ['date', {}, '1999-12-31'], ['datetime', { precision: 3 }, sql('CURRENT_TIMESTAMP')],
  ['time', {}, '23:59:58'], ['json', {}, { a: [1, 'two'] }], ['uuid', {}, undefined], ['binary', {}, undefined],
  ['enum', { enum: ['one', 'two'] }, 'two'],
];

const kinds = TYPES.map(([type, options, sample], i) => defineEntity(`Kind${i}`, `kinds_${i}`, {
  plain: { type, ...options },
  maybe: { type, ...options, nullable: true, ...(sample === undefined ? {} : { default: sample }) },
  commented: { type, ...options, nullable: true, comment: 'a comment' },
}));

@Table('owners')
class Owner {
  @PrimaryKey({ type: 'bigint' }) id!: bigint;
  @Unique({ name: 'owners_email_key' }) @Column() email!: string;
}

@Table('pets')
@Unique(['ownerId', 'name'])
@Index(['name', 'born'], { name: 'pets_by_name' })
class Pet {
  @PrimaryKey() id!: number;
  @Column() name!: string;
  @Column({ type: 'date', nullable: true }) born!: string | null;
  @BelongsTo(() => Owner, { onDelete: 'cascade', onUpdate: 'cascade' }) owner?: Owner;
  @BelongsTo(() => Owner, { foreignKey: 'sitterId', nullable: true, onDelete: 'set null' }) sitter?: Owner;
  @BelongsTo(() => Pet, { foreignKey: 'parentId', nullable: true }) parent?: Pet;
  @BelongsTo(() => Vet, { nullable: true, onDelete: 'restrict' }) vet?: Relation<Vet>;
}

@Table('vets')
class Vet {
  @PrimaryKey() id!: number;
  @BelongsTo(() => Pet, { foreignKey: 'favouriteId', nullable: true }) favourite?: Pet;
}

@Table('passports')
class Passport {
  @PrimaryKey() id!: number;
  @Unique() @Column() petId!: number;
  @BelongsTo(() => Pet, { onDelete: 'cascade' }) pet?: Pet;
}

@Table('visits')
class Visit {
  @PrimaryKey({ autoIncrement: false }) petId!: number;
  @PrimaryKey({ type: 'date' }) day!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @BelongsTo(() => Pet) pet?: Pet;
}

@Table('ledgers')
class Ledger {
  @PrimaryKey() id!: number;
  @Version() version!: number;
  @DeletedAt() deletedAt!: Date | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}

const ALL: EntityClass[] = [...kinds, Owner, Pet, Vet, Passport, Visit, Ledger];

// Tables and columns whose names no TypeScript name can hold as they are, or whose classes would clash.
@Table('user') class UserTable { @PrimaryKey() id!: number; }
@Table('users') class UsersTable { @PrimaryKey() id!: number; }
@Table('user2') class User2Table { @PrimaryKey() id!: number; }
@Table('2fa_codes') class CodesTable { @PrimaryKey() id!: number; @Column({ name: '2nd_code' }) second!: string; }
@Table('columns') class ColumnsTable { @PrimaryKey() id!: number; }
@Table('dates') class DatesTable { @PrimaryKey() id!: number; @Column({ type: 'datetime' }) at!: Date; }
@Table('order items')
class OrderItemsTable {
  @PrimaryKey() id!: number;
  @Column({ name: 'display name' }) displayName!: string;
  @Column({ type: 'string', name: 'constructor', nullable: true }) maker!: string | null;
  @BelongsTo(() => UsersTable, { foreignKey: 'buyerId' }) buyer?: UsersTable;
  @Column({ type: 'integer', name: 'ownerId' }) ownerId!: number;
  @BelongsTo(() => UsersTable, { foreignKey: 'ownerId' }) owner?: UsersTable;
  @Column({ type: 'integer', name: 'area m²', nullable: true }) area!: number | null;
}
@Table('HTTPRequests') class RequestsTable { @PrimaryKey() id!: number; @BelongsTo(() => UsersTable) user?: UsersTable; }
const AWKWARD: EntityClass[] = [UserTable, UsersTable, User2Table, CodesTable, ColumnsTable, DatesTable, OrderItemsTable, RequestsTable];

/**
 * The entities entity:generate makes of the database, written into `dir` and checked as a project uses them: they
 * type-check, and index.ts loads classes whose schema is the database's (no drift). `source` gives a file's text.
 */
async function generated(harness: MigrationHarness, dir: string): Promise<{ files: EntityFile[]; entities: EntityClass[]; source: (path: string) => string }> {
  const files = renderEntities(await harness.introspect(), { bigintAutoIncrement: harness.orm.dialect.capabilities.bigintAutoIncrement });
  for (const file of files) writeFileSync(join(dir, file.path), file.source);
  expect(typeCheckFiles(files.map((f) => join(dir, f.path)))).toEqual([]);
  const entities = (require(join(dir, 'index.ts')) as { entities: EntityClass[] }).entities;
  expect(await harness.drift(entities)).toEqual([]);
  const source = (path: string): string => {
    const file = files.find((f) => f.path === path);
    if (!file) throw new Error(`entity:generate wrote no ${path}, only ${files.map((f) => f.path).join(', ')}`);
    return file.source;
  };
  return { files, entities, source };
}

describeEachDialect('entity:generate on a schema with every type and relation', (db, dialect) => {
  it('writes entities whose schema is the database\'s, and which type-check', async () => {
    const harness = await MigrationHarness.open(db().url);
    const dir = mkdtempSync(join(__dirname, '.generated-'));
    try {
      await harness.reset();
      await harness.migrate(ALL, 'rich');
      // Every type Strata creates reads back as itself: nothing to note.
      const approximations: unknown[] = [];
      await harness.orm.dialect.schema.introspect(harness.knex, { exclude: ['strata_migrations'], onApproximation: (a) => approximations.push(a) });
      expect(approximations).toEqual([]);
      const { entities, source } = await generated(harness, dir);
      expect(entities.map((e) => e.name).sort()).toEqual([...ALL.map((e) => e.name.replace(/^Kind(\d+)$/, 'Kinds$1'))].sort());
      const ledger = source('ledger.ts');
      expect(ledger).toContain('@Version() version!: number;');
      expect(ledger).toContain('@DeletedAt() deletedAt!: Date | null;');
      expect(ledger).toContain('@CreatedAt() createdAt!: Date;');
      expect(ledger).toContain('@UpdatedAt() updatedAt!: Date;');
      const pet = source('pet.ts');
      expect(pet).toContain("@BelongsTo(() => Owner, { onDelete: 'cascade', onUpdate: 'cascade' }) owner?: Relation<Owner>;");
      expect(pet).toContain('@HasMany(() => Pet) children?: Relation<Pet[]>;');
      expect(pet).toContain('@HasOne(() => Passport) passport?: Relation<Passport | null>;');
      expect(pet).toContain("@BelongsTo(() => Owner, { onDelete: 'set null' }) sitter?: Relation<Owner | null>;");
      expect(source('owner.ts')).toContain("@HasMany(() => Pet, { foreignKey: 'sitterId' }) petsBySitter?: Relation<Pet[]>;");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await harness.close();
    }
  });

  it('names classes and properties that type-check whatever the tables and columns are called', async () => {
    const harness = await MigrationHarness.open(db().url);
    const dir = mkdtempSync(join(__dirname, '.generated-'));
    try {
      await harness.reset();
      await harness.migrate(AWKWARD, 'awkward');
      const { files, entities, source } = await generated(harness, dir);
      expect(files.map((f) => f.path).sort()).toEqual(['2fa-code.ts', 'column-entity.ts', 'date-entity.ts', 'http-request.ts', 'index.ts', 'order-item.ts', 'user.ts', 'user2.ts', 'user3.ts']);
      expect(entities.map((e) => e.name).sort()).toEqual(['ColumnEntity', 'DateEntity', 'HTTPRequest', 'OrderItem', 'User', 'User2', 'User3', '_2faCode']);
      const item = source('order-item.ts');
      expect(item).toContain("@Table('order items')");
      expect(item).toContain("@Column({ type: 'string', name: 'display name' }) displayName!: string;");
      expect(item).toContain("@Column({ type: 'string', name: 'constructor', nullable: true }) constructor_!: string | null;");
      expect(item).toContain('@BelongsTo(() => User3) buyer?: Relation<User3>;');
      // A camelCase key column names its relation without its Id, as a snake_case one does without its _id.
      expect(item).toContain("@Column({ type: 'integer', name: 'ownerId' }) ownerId!: number;");
      expect(item).toContain('@BelongsTo(() => User3) owner?: Relation<User3>;');
      expect(item).toContain("@Column({ type: 'integer', name: 'area m²', nullable: true }) areaM_!: number | null;");
      const user3 = source('user3.ts');
      expect(user3).toContain("@HasMany(() => OrderItem, { foreignKey: 'buyerId' }) orderItemsByBuyer?: Relation<OrderItem[]>;");
      expect(user3).toContain("@HasMany(() => OrderItem, { foreignKey: 'ownerId' }) orderItemsByOwner?: Relation<OrderItem[]>;");
      expect(user3).toContain('@HasMany(() => HTTPRequest) httpRequests?: Relation<HTTPRequest[]>;');
      expect(source('date-entity.ts')).toContain("@Table('dates')\nexport class DateEntity {");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await harness.close();
    }
  });

  // PostgreSQL keeps a default as written: now() and transaction_timestamp() are CURRENT_TIMESTAMP under other names.
  (dialect === 'postgres' ? it : it.skip)('writes @CreatedAt and @UpdatedAt for timestamps defaulting to now() on PostgreSQL, and finds no drift', async () => {
    const harness = await MigrationHarness.open(db().url);
    const dir = mkdtempSync(join(__dirname, '.generated-'));
    try {
      await harness.reset();
      await harness.knex.raw(`CREATE TABLE stamps (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT transaction_timestamp(),
        seen_at timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        checked_at timestamptz(3) NOT NULL DEFAULT statement_timestamp())`);
      await harness.knex.raw('CREATE TABLE logs (id serial PRIMARY KEY, created_at timestamp(3) NOT NULL DEFAULT now())');
      const { source } = await generated(harness, dir);
      const stamp = source('stamp.ts');
      expect(stamp).toContain('@CreatedAt() createdAt!: Date;');
      expect(stamp).toContain('@UpdatedAt() updatedAt!: Date;');
      expect(stamp).toContain("@Column({ type: 'datetime', default: sql('CURRENT_TIMESTAMP') }) seenAt!: Date;");
      // The time the statement started is not the transaction's.
      expect(stamp).toContain("@Column({ type: 'datetime', default: sql('statement_timestamp()') }) checkedAt!: Date;");
      expect(source('log.ts')).toContain('@CreatedAt() createdAt!: Date;');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await harness.close();
    }
  });

  // Strata makes a table's one integer key its rowid; another tool's INT PRIMARY KEY is an ordinary column.
  (dialect === 'sqlite' ? it : it.skip)('notes an INT PRIMARY KEY on SQLite, whose migration makes it the rowid keeping every row and cascade child', async () => {
    const harness = await MigrationHarness.open(db().url);
    const dir = mkdtempSync(join(__dirname, '.generated-'));
    try {
      await harness.reset();
      await harness.knex.raw('CREATE TABLE things (id INT PRIMARY KEY, name TEXT NOT NULL)');
      await harness.knex.raw('CREATE TABLE parts (id INTEGER PRIMARY KEY, thing_id INTEGER NOT NULL REFERENCES things (id) ON DELETE CASCADE)');
      await harness.knex.raw("INSERT INTO things (id, name) VALUES (7, 'seven'), (9, 'nine')");
      await harness.knex.raw('INSERT INTO parts (thing_id) VALUES (7), (7), (9)');
      const approximations: TypeApproximation[] = [];
      const files = renderEntities(await harness.orm.dialect.schema.introspect(harness.knex, { onApproximation: (a) => approximations.push(a) }), { approximations });
      expect(approximations.map((a) => `${a.table}.${a.column}`)).toEqual(['things.id']);
      const thing = files.find((f) => f.path === 'thing.ts')!.source;
      expect(thing).toContain('// Note: id is INT PRIMARY KEY in the database, a type Strata does not make: it is declared integer, which is what a migration generated from these entities creates (INTEGER PRIMARY KEY, the rowid, which SQLite fills in when a row gives none).');
      expect(thing).toContain("@PrimaryKey({ type: 'integer', autoIncrement: false }) id!: number;");
      for (const file of files) writeFileSync(join(dir, file.path), file.source);
      const { entities } = require(join(dir, 'index.ts')) as { entities: EntityClass[] };
      expect((await harness.drift(entities)).map((c) => JSON.parse(c) as { kind: string; table: string }).map((c) => `${c.kind} ${c.table}`)).toEqual(['alterColumn things']);
      await harness.migrate(entities, 'adopt');
      expect(await harness.drift(entities)).toEqual([]);
      expect(await harness.knex('parts').orderBy('id').select('id', 'thing_id')).toEqual([{ id: 1, thing_id: 7 }, { id: 2, thing_id: 7 }, { id: 3, thing_id: 9 }]);
      await harness.knex('things').insert({ name: 'ten' });
      expect(await harness.knex('things').orderBy('id').select('id', 'name')).toEqual([{ id: 7, name: 'seven' }, { id: 9, name: 'nine' }, { id: 10, name: 'ten' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await harness.close();
    }
  });

  it('notes each column whose type Strata reads as another, in the entity and in a baseline migration', async () => {
    const harness = await MigrationHarness.open(db().url);
    const dir = mkdtempSync(join(tmpdir(), 'strata-entity-types-'));
    const made = {
      postgres: ['CREATE TABLE gadgets (id serial PRIMARY KEY, tags text[] NOT NULL, count smallint NOT NULL)', 'tags is text[]', 'count is smallint'],
      mysql: ['CREATE TABLE gadgets (id int AUTO_INCREMENT PRIMARY KEY, made year NOT NULL, count smallint NOT NULL)', 'made is year(4)', 'count is smallint(6)'],
      sqlite: ['CREATE TABLE gadgets (id INTEGER PRIMARY KEY, price MONEY NOT NULL, count INT(11) NOT NULL)', 'price is MONEY', undefined],
    }[db().dialect];
    try {
      await harness.reset();
      await harness.knex.raw(made[0]!);
      const [gadget] = await generateEntities({ knex: harness.knex, dialect: harness.orm.dialect, outDir: join(dir, 'entities'), dryRun: true });
      const notes = gadget!.source.split('\n').filter((l) => l.startsWith('// Note:'));
      expect(notes).toContainEqual(expect.stringContaining(`// Note: ${made[1]} in the database, a type Strata does not make: it is declared `));
      expect(notes).toHaveLength(made[2] ? 2 : 1);
      const baseline = await baselineDatabase({ knex: harness.knex, dialect: harness.orm.dialect, migrationsDir: join(dir, 'migrations') });
      expect(readFileSync(baseline.path, 'utf8')).toMatch(new RegExp(`^// Note: gadgets\\.${made[1]!.split(' ')[0]} is .* in this database, a type Strata does not make: this migration creates it as `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await harness.close();
    }
  });

  it('writes entities for the sizes the engine itself allows at its edges, which load and generate nothing', async () => {
    const harness = await MigrationHarness.open(db().url);
    const dir = mkdtempSync(join(__dirname, '.generated-'));
    const made = {
      // PostgreSQL 15 allows a scale over the precision (numeric(2,5) holds 0.00012); MariaDB a varchar of no characters.
      postgres: 'CREATE TABLE edges (id serial PRIMARY KEY, tiny numeric(2,5) NOT NULL)',
      mysql: 'CREATE TABLE edges (id int AUTO_INCREMENT PRIMARY KEY, blank varchar(0) NOT NULL, tiny decimal(5,5) NOT NULL)',
      sqlite: 'CREATE TABLE edges (id INTEGER PRIMARY KEY, tiny decimal(2, 5) NOT NULL, blank varchar(0) NOT NULL)',
    }[dialect];
    try {
      await harness.reset();
      await harness.knex.raw(made);
      const { entities } = await generated(harness, dir);
      expect((await harness.generate(entities)).status).toBe('no-changes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await harness.close();
    }
  });

  it('writes relative imports with .js into an ES module package, and without an extension elsewhere', async () => {
    const harness = await MigrationHarness.open(db().url);
    const dir = mkdtempSync(join(tmpdir(), 'strata-entity-format-'));
    try {
      await harness.reset();
      await harness.migrate([Owner, Pet, Vet, Passport, Visit], 'pets');
      mkdirSync(join(dir, 'esm'));
      writeFileSync(join(dir, 'esm', 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'commonjs' }));
      const imports = async (outDir: string): Promise<string[]> => {
        const files = await generateEntities({ knex: harness.knex, dialect: harness.orm.dialect, outDir, dryRun: true });
        return files.flatMap((f) => [...f.source.matchAll(/from '(\.[^']*)'/g)].map((m) => m[1]!));
      };
      const esm = await imports(join(dir, 'esm', 'src', 'entities'));
      expect(esm).toContain('./pet.js');
      expect(esm.every((specifier) => specifier.endsWith('.js'))).toBe(true);
      const cjs = await imports(join(dir, 'entities'));
      expect(cjs).toContain('./pet');
      expect(cjs.some((specifier) => specifier.endsWith('.js'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await harness.close();
    }
  });
});
