import 'reflect-metadata';
import { BelongsTo, Column, type ColumnOptions, Index, Orm, PrimaryKey, type Relation, sql, Table, Unique } from 'strata-orm';
import { type CatalogTable, readCatalog, readPostgresEnums } from '../helpers/catalog';
import { describeEachDialect, insertId } from '../helpers/dialects';
import { defineEntity } from '../helpers/entities';

interface TypeCase {
  readonly type: NonNullable<ColumnOptions['type']>;
  readonly options?: ColumnOptions;
  /** A default to give the column; none for types that take no literal default. */
  readonly sample?: ColumnOptions['default'];
  readonly catalog: { postgres: string; sqlite: string; mysql: string };
  /** What the catalog's default text must show for the sample. */
  readonly defaultText?: { postgres: RegExp; sqlite: RegExp; mysql: RegExp };
}

const TYPES: TypeCase[] = [
  { type: 'string', options: { length: 100 }, sample: "it's", catalog: { postgres: 'character varying(100)', sqlite: 'varchar(100)', mysql: 'varchar(100)' }, defaultText: { postgres: /^'it''s'::character varying$/, sqlite: /^'it''s'$/, mysql: /^'it''s'$/ } },
  { type: 'text', sample: 'abc', catalog: { postgres: 'text', sqlite: 'text', mysql: 'longtext' }, defaultText: { postgres: /^'abc'::text$/, sqlite: /^'abc'$/, mysql: /^'abc'$/ } },
  { type: 'integer', sample: -42, catalog: { postgres: 'integer', sqlite: 'integer', mysql: 'int(11)' }, defaultText: { postgres: /^'?\(?-42\)?'?(::integer)?$/, sqlite: /^'-42'$/, mysql: /^-42$/ } },
  { type: 'bigint', sample: '9007199254740993', catalog: { postgres: 'bigint', sqlite: 'bigint', mysql: 'bigint(20)' }, defaultText: { postgres: /9007199254740993/, sqlite: /^'9007199254740993'$/, mysql: /^9007199254740993$/ } },
  { type: 'float', sample: 1.5, catalog: { postgres: 'real', sqlite: 'float', mysql: 'float' }, defaultText: { postgres: /1\.5/, sqlite: /^'1\.5'$/, mysql: /^1\.5$/ } },
  { type: 'double', sample: 2.25, catalog: { postgres: 'double precision', sqlite: 'double', mysql: 'double' }, defaultText: { postgres: /2\.25/, sqlite: /^'2\.25'$/, mysql: /^2\.25$/ } },
  { type: 'decimal', options: { precision: 10, scale: 2 }, sample: '12.34', catalog: { postgres: 'numeric(10,2)', sqlite: 'decimal(10, 2)', mysql: 'decimal(10,2)' }, defaultText: { postgres: /12\.34/, sqlite: /^'12\.34'$/, mysql: /^12\.34$/ } },
  { type: 'decimal', options: { precision: 12 }, catalog: { postgres: 'numeric(12,0)', sqlite: 'decimal(12, 0)', mysql: 'decimal(12,0)' } },
  { type: 'boolean', sample: true, catalog: { postgres: 'boolean', sqlite: 'boolean', mysql: 'tinyint(1)' }, defaultText: { postgres: /^true$/, sqlite: /^'1'$/, mysql: /^1$/ } },
  { type: 'date', sample: '2024-02-29', catalog: { postgres: 'date', sqlite: 'date', mysql: 'date' }, defaultText: { postgres: /^'2024-02-29'::date$/, sqlite: /^'2024-02-29'$/, mysql: /^'2024-02-29'$/ } },
  { type: 'datetime', sample: new Date('2024-02-29T12:34:56Z'), catalog: { postgres: 'timestamp with time zone', sqlite: 'datetime', mysql: 'datetime(3)' }, defaultText: { postgres: /2024-02-29/, sqlite: /^'2024-02-29T12:34:56\.000Z'$/, mysql: /^'2024-02-29 12:34:56\.000'$/ } },
  { type: 'time', sample: '12:34:56', catalog: { postgres: 'time without time zone', sqlite: 'time', mysql: 'time' }, defaultText: { postgres: /^'12:34:56'::time without time zone$/, sqlite: /^'12:34:56'$/, mysql: /^'12:34:56'$/ } },
  { type: 'json', sample: { b: [1, 2], a: 'x' }, catalog: { postgres: 'jsonb', sqlite: 'json', mysql: 'longtext' }, defaultText: { postgres: /"b": \[1, 2\]/, sqlite: /"b":\[1,2\]/, mysql: /^'\{"a":"x","b":\[1,2\]\}'$/ } },
  { type: 'uuid', sample: '123e4567-e89b-12d3-a456-426614174000', catalog: { postgres: 'uuid', sqlite: 'char(36)', mysql: 'char(36)' }, defaultText: { postgres: /123e4567-e89b-12d3-a456-426614174000/, sqlite: /123e4567/, mysql: /^'123e4567-e89b-12d3-a456-426614174000'$/ } },
  { type: 'binary', catalog: { postgres: 'bytea', sqlite: 'blob', mysql: 'longblob' } },
  { type: 'enum', options: { enum: ['small', 'large'] }, sample: 'large', catalog: { postgres: 'enum types_enum_@_enum', sqlite: 'text', mysql: "enum('small','large')" }, defaultText: { postgres: /^'large'::types_enum\d+_\w+_enum$/, sqlite: /^'large'$/, mysql: /^'large'$/ } },
];

const tableName = (c: TypeCase, i: number): string => `types_${c.type}${i}`;

/** Four columns per type: required, nullable, required with a default, nullable with a default. */
const typeEntities = TYPES.map((c, i) =>
  defineEntity(`Types${i}`, tableName(c, i), {
    required: { type: c.type, ...c.options },
    optional: { type: c.type, ...c.options, nullable: true },
    ...(c.sample === undefined ? {} : {
      withDefault: { type: c.type, ...c.options, default: c.sample },
      optionalDefault: { type: c.type, ...c.options, nullable: true, default: c.sample },
    }),
  }));

const Stamped = defineEntity('Stamped', 'stamped', { seenAt: { type: 'datetime', default: sql('CURRENT_TIMESTAMP') } });

@Table('authors')
class Author {
  @PrimaryKey() id!: number;
  @Unique() @Column() email!: string;
  @Index() @Column({ length: 80 }) name!: string;
}

@Table('books')
@Unique(['authorId', 'title'])
@Index(['authorId', 'publishedOn'])
class Book {
  @PrimaryKey({ type: 'bigint' }) id!: bigint;
  @Column() title!: string;
  @Column({ type: 'date', nullable: true }) publishedOn!: string | null;
  @BelongsTo(() => Author, { onDelete: 'cascade', onUpdate: 'cascade' }) author?: Author;
  @BelongsTo(() => Author, { foreignKey: 'editorId', nullable: true, onDelete: 'set null' }) editor?: Author;
}

@Table('categories')
class Category {
  @PrimaryKey() id!: number;
  @BelongsTo(() => Category, { nullable: true, onDelete: 'restrict' }) parent?: Category;
}

@Table('nodes_a')
class NodeA {
  @PrimaryKey() id!: number;
  @BelongsTo(() => NodeB, { nullable: true }) b?: Relation<NodeB>;
}

@Table('nodes_b')
class NodeB {
  @PrimaryKey() id!: number;
  @BelongsTo(() => NodeA, { nullable: true }) a?: NodeA;
}

@Table('tags')
class Tag {
  @PrimaryKey({ type: 'string', length: 40 }) code!: string;
}

@Table('book_tags')
class BookTag {
  @PrimaryKey({ type: 'bigint', autoIncrement: false }) bookId!: bigint;
  @BelongsTo(() => Book) book?: Book;
  @PrimaryKey({ type: 'string', length: 40 }) tagCode!: string;
  @BelongsTo(() => Tag, { foreignKey: 'tagCode', onDelete: 'cascade' }) tag?: Tag;
}

@Table('a_table_whose_name_is_long_enough_to_push_index_names_past_63')
@Index(['firstColumnWithLongName', 'secondColumnWithLongName'])
class LongNames {
  @PrimaryKey() id!: number;
  @Column() firstColumnWithLongName!: string;
  @Column() secondColumnWithLongName!: string;
}

describeEachDialect('applying a schema to an empty database', (db) => {
  let orm: Orm;
  let catalog: Record<string, CatalogTable>;

  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [...typeEntities, Stamped, Author, Book, Category, NodeA, NodeB, Tag, BookTag, LongNames] });
    await orm.resetDb();
    catalog = await readCatalog(orm.knex, db().dialect);
  });
  afterAll(() => orm?.close());

  describe.each(TYPES.map((c, i) => [`${c.type}${c.options ? ' ' + JSON.stringify(c.options) : ''}`, c, i] as const))('%s', (_label, c, i) => {
    const columns = (): CatalogTable['columns'] => catalog[tableName(c, i)]!.columns;
    const expectedType = (): string => c.catalog[db().dialect].replace('@', `${c.type}${i}_required`);

    it('has the engine type the model says', () => {
      if (c.type === 'enum' && db().dialect === 'postgres') {
        expect(columns().required!.type).toBe(`enum ${tableName(c, i)}_required_enum`);
      } else {
        // SQLite reports its own type names (TEXT, INTEGER, BLOB) in upper case.
        expect(columns().required!.type.toLowerCase()).toBe(expectedType());
      }
    });

    it('is NOT NULL unless nullable', () => {
      expect(columns().required!.nullable).toBe(false);
      expect(columns().optional!.nullable).toBe(true);
    });

    it('has no default unless given one', () => {
      expect(columns().required!.default).toBeNull();
      expect(columns().optional!.default).toBeNull();
    });

    if (c.defaultText) {
      it('stores the default', () => {
        expect(columns().with_default!.default).toMatch(c.defaultText![db().dialect]);
        expect(columns().optional_default!.default).toMatch(c.defaultText![db().dialect]);
        expect(columns().with_default!.nullable).toBe(false);
        expect(columns().optional_default!.nullable).toBe(true);
      });
    }
  });

  it('stores enum values as a native type on PostgreSQL, a CHECK constraint on SQLite and the column type on MariaDB', async () => {
    const i = TYPES.findIndex((c) => c.type === 'enum');
    if (db().dialect === 'postgres') {
      const enums = await readPostgresEnums(orm.knex);
      expect(enums[`${tableName(TYPES[i]!, i)}_required_enum`]).toEqual(['small', 'large']);
    } else if (db().dialect === 'mysql') {
      expect(catalog[tableName(TYPES[i]!, i)]!.sql).toMatch(/[`"]required[`"] enum\('small','large'\) NOT NULL/);
      await expect(orm.knex(tableName(TYPES[i]!, i)).insert({ required: 'medium' })).rejects.toThrow(/Data truncated for column 'required'/);
    } else {
      expect(catalog[tableName(TYPES[i]!, i)]!.sql).toMatch(/[`"]required[`"] in \('small', 'large'\)/);
    }
  });

  it('stores an expression default', () => {
    expect(catalog.stamped!.columns.seen_at!.default).toMatch(/CURRENT_TIMESTAMP|now\(\)/i);
  });

  it('makes integer primary keys auto-increment', async () => {
    const first = await insertId(orm.knex, 'authors', { email: 'a@x.io', name: 'A' });
    expect(await insertId(orm.knex, 'authors', { email: 'b@x.io', name: 'B' })).toBe(first + 1);
    expect(catalog.authors!.primaryKey).toEqual(['id']);
  });

  it('creates single and composite unique constraints and indexes under readable names', () => {
    expect(catalog.authors!.uniques).toEqual(['email']);
    expect(catalog.authors!.indexes).toEqual(['name']);
    expect(catalog.books!.uniques).toEqual(['author_id,title']);
    // InnoDB gives editor_id's foreign key an index of its own, named after the key (author_id's is the unique's prefix).
    expect(catalog.books!.indexes.sort()).toEqual(db().dialect === 'mysql' ? ['author_id,published_on', 'editor_id'] : ['author_id,published_on']);
    expect(catalog.authors!.names).toEqual(expect.arrayContaining(['authors_email_unique', 'authors_name_index']));
    expect(catalog.books!.names).toEqual(expect.arrayContaining(['books_author_id_title_unique', 'books_author_id_published_on_index']));
  });

  it('creates composite primary keys', () => {
    expect(catalog.book_tags!.primaryKey).toEqual(['book_id', 'tag_code']);
  });

  it('creates foreign keys with their actions', () => {
    // MariaDB reports a foreign key given no action as RESTRICT, which is its NO ACTION.
    const none = db().dialect === 'mysql' ? 'restrict' : 'no action';
    expect(catalog.books!.foreignKeys).toEqual(expect.arrayContaining([
      { columns: 'author_id', table: 'authors', references: 'id', onDelete: 'cascade', onUpdate: 'cascade' },
      { columns: 'editor_id', table: 'authors', references: 'id', onDelete: 'set null', onUpdate: none },
    ]));
    expect(catalog.books!.columns.editor_id!.nullable).toBe(true);
    expect(catalog.books!.columns.author_id!.nullable).toBe(false);
    expect(catalog.books!.columns.author_id!.type.toLowerCase()).toBe(db().dialect === 'mysql' ? 'int(11)' : 'integer');
    expect(catalog.book_tags!.foreignKeys).toEqual(expect.arrayContaining([
      { columns: 'book_id', table: 'books', references: 'id', onDelete: none, onUpdate: none },
      { columns: 'tag_code', table: 'tags', references: 'code', onDelete: 'cascade', onUpdate: none },
    ]));
  });

  it('creates self-references and tables that reference each other in a cycle', () => {
    const none = db().dialect === 'mysql' ? 'restrict' : 'no action';
    expect(catalog.categories!.foreignKeys).toEqual([{ columns: 'parent_id', table: 'categories', references: 'id', onDelete: 'restrict', onUpdate: none }]);
    expect(catalog.nodes_a!.foreignKeys).toEqual([expect.objectContaining({ columns: 'b_id', table: 'nodes_b' })]);
    expect(catalog.nodes_b!.foreignKeys).toEqual([expect.objectContaining({ columns: 'a_id', table: 'nodes_a' })]);
  });

  it('enforces the foreign keys it created', async () => {
    await expect(orm.knex('books').insert({ title: 'Orphan', author_id: 999999 })).rejects.toThrow(/foreign key/i);
  });

  it('keeps every generated name within 63 bytes, deterministically', () => {
    const table = catalog.a_table_whose_name_is_long_enough_to_push_index_names_past_63!;
    expect(table.indexes).toEqual(['first_column_with_long_name,second_column_with_long_name']);
    for (const name of table.names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    // Cut to fit, then ended with a hash of the full name so that names sharing a prefix stay apart.
    const full = 'a_table_whose_name_is_long_enough_to_push_index_names_past_63_first_column_with_long_name_second_column_with_long_name_index';
    const index = table.names.find((n) => n.startsWith(full.slice(0, 54)) && !n.endsWith('_pkey'));
    expect(index).toMatch(/^.{54}_[0-9a-f]{8}$/);
  });

  it('reads back, through introspection, exactly the schema it applied', async () => {
    const actual = await orm.dialect.schema.introspect(orm.knex);
    const { canonicalSchema } = await import('../../src/schema/equality');
    expect(canonicalSchema(actual)).toEqual(canonicalSchema(orm.schema));
  });
});
