import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, PrimaryKey, Table } from 'strata-orm';
import { renderEntities } from '../../src/codegen/entities/render-entities';
import { findColumn, getTable } from '../../src/schema/lookup';
import { sqliteUrl, testDialects } from '../helpers/dialects';
import { MigrationHarness } from '../helpers/migrations';

@Table('tags') class Tag { @PrimaryKey() id!: number; @Column({ type: 'text' }) label!: string; }
@Table('tags') class GivenTag { @PrimaryKey({ autoIncrement: false }) id!: number; @Column({ type: 'text' }) label!: string; }

// SQLite assigns a table's one INTEGER PRIMARY KEY (its rowid) when a row gives none, with AUTOINCREMENT or without:
// the form most SQLite databases not made by Strata use.
(testDialects().includes('sqlite') ? describe : describe.skip)('a SQLite INTEGER PRIMARY KEY without AUTOINCREMENT', () => {
  let dir: string;
  let harness: MigrationHarness;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-rowid-'));
    harness = await MigrationHarness.open(sqliteUrl(join(dir, 'db.sqlite')));
    await harness.knex.raw('CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL)');
  });
  afterEach(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is read as auto-incremented, and is what an entity with or without autoIncrement declares', async () => {
    const schema = await harness.introspect();
    expect(findColumn(getTable(schema, 'tags'), 'id')?.autoIncrement).toBe(true);
    expect(await harness.drift([Tag])).toEqual([]);
    expect(await harness.drift([GivenTag])).toEqual([]);
  });

  it('reads a foreign key naming its table and columns in another case as naming them as declared', async () => {
    await harness.knex.raw('CREATE TABLE labels (id INTEGER PRIMARY KEY, tag_id INTEGER NOT NULL, FOREIGN KEY (TAG_ID) REFERENCES TAGS (ID))');
    expect(getTable(await harness.introspect(), 'labels').foreignKeys).toEqual([
      { name: 'labels_tag_id_foreign', columns: ['tag_id'], referencedTable: 'tags', referencedColumns: ['id'], onDelete: 'no action', onUpdate: 'no action' },
    ]);
  });

  it('gives entity:generate a key that an insert may leave out', async () => {
    const tag = renderEntities(await harness.introspect()).find((f) => f.path === 'tag.ts')!.source;
    expect(tag).toContain("declare [Defaults]?: 'id';");
    expect(tag).toContain("@PrimaryKey({ type: 'integer' }) id!: number;");
  });

  it('is not an INT key, nor one that is also a foreign key, whose values an insert must give', async () => {
    // INT is not INTEGER: such a key is an ordinary column, which SQLite leaves NULL when a row gives none.
    await harness.knex.raw('CREATE TABLE codes (id INT PRIMARY KEY, label TEXT NOT NULL)');
    await harness.knex.raw('CREATE TABLE tag_notes (tag_id INTEGER PRIMARY KEY REFERENCES tags, note TEXT NOT NULL)');
    const schema = await harness.introspect();
    expect(findColumn(getTable(schema, 'codes'), 'id')?.autoIncrement).toBe(false);
    const files = renderEntities(schema);
    const code = files.find((f) => f.path === 'code.ts')!.source;
    expect(code).not.toContain('[Defaults]');
    expect(code).toContain("@PrimaryKey({ type: 'integer', autoIncrement: false }) id!: number;");
    const note = files.find((f) => f.path === 'tag-note.ts')!.source;
    expect(note).not.toContain('[Defaults]');
    expect(note).toContain("@PrimaryKey({ type: 'integer', autoIncrement: false }) tagId!: number;");
  });
});
