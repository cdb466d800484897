import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BelongsTo, Column, type ColumnOptions, DeletedAt, type EntityClass, Index, PrimaryKey, type Relation, sql, Table, Unique, Version } from 'strata-orm';
import { renderEntities } from '../../src/codegen/entities/render-entities';
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
}

const ALL: EntityClass[] = [...kinds, Owner, Pet, Vet, Passport, Visit, Ledger];

describeEachDialect('entity:generate on a schema with every type and relation', (db) => {
  it('writes entities whose schema is the database\'s, and which type-check', async () => {
    const harness = await MigrationHarness.open(db().url);
    const dir = mkdtempSync(join(__dirname, '.generated-'));
    try {
      await harness.reset();
      await harness.migrate(ALL, 'rich');
      const files = renderEntities(await harness.introspect(), { bigintAutoIncrement: harness.orm.dialect.capabilities.bigintAutoIncrement });
      for (const file of files) writeFileSync(join(dir, file.path), file.source);
      expect(typeCheckFiles(files.map((f) => join(dir, f.path)))).toEqual([]);
      const generated = (require(join(dir, 'index.ts')) as { entities: EntityClass[] }).entities;
      expect(generated.map((e) => e.name).sort()).toEqual([...ALL.map((e) => e.name.replace(/^Kind(\d+)$/, 'Kinds$1'))].sort());
      expect(await harness.drift(generated)).toEqual([]);
      const ledger = files.find((f) => f.path === 'ledger.ts')!.source;
      expect(ledger).toContain('@Version() version!: number;');
      expect(ledger).toContain('@DeletedAt() deletedAt!: Date | null;');
      const pet = files.find((f) => f.path === 'pet.ts')!.source;
      expect(pet).toContain("@BelongsTo(() => Owner, { onDelete: 'cascade', onUpdate: 'cascade' }) owner?: Relation<Owner>;");
      expect(pet).toContain('@HasMany(() => Pet) children?: Relation<Pet[]>;');
      expect(pet).toContain('@HasOne(() => Passport) passport?: Relation<Passport | null>;');
      expect(files.find((f) => f.path === 'owner.ts')!.source).toContain("@HasMany(() => Pet, { foreignKey: 'sitterId' }) petsBySitter?: Relation<Pet[]>;");
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
