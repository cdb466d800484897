import { renderEntities } from '../../src/codegen/entities/render-entities';
import { column, foreignKey, primaryKey, schema, table } from '../../src/schema/factories';

// entity:generate's imports between the files it writes: what each module system needs.
describe('renderEntities imports', () => {
  const blog = schema({
    tables: [
      table({ name: 'users', columns: [column({ name: 'id', type: 'integer', autoIncrement: true })], primaryKey: primaryKey('users_pkey', ['id']) }),
      table({
        name: 'posts',
        columns: [column({ name: 'id', type: 'integer', autoIncrement: true }), column({ name: 'user_id', type: 'integer' })],
        primaryKey: primaryKey('posts_pkey', ['id']),
        foreignKeys: [foreignKey({ name: 'posts_user_id_foreign', columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] })],
      }),
    ],
  });
  const relativeImports = (files: ReturnType<typeof renderEntities>): string[] =>
    files.flatMap((f) => [...f.source.matchAll(/from '(\.[^']*)'/g)].map((m) => `${f.path}: ${m[1]}`)).sort();

  it('end in .js for an ES module package (NodeNext resolves ./user.js to user.ts)', () => {
    expect(relativeImports(renderEntities(blog, { importExtension: '.js' }))).toEqual([
      'index.ts: ./post.js', 'index.ts: ./user.js', 'post.ts: ./user.js', 'user.ts: ./post.js',
    ]);
  });

  it('have no extension for CommonJS, by default', () => {
    expect(relativeImports(renderEntities(blog))).toEqual(['index.ts: ./post', 'index.ts: ./user', 'post.ts: ./user', 'user.ts: ./post']);
  });
});

describe('renderEntities tables without a primary key', () => {
  it('leaves them out, saying so in index.ts and as a warning, since no entity can be declared without one', () => {
    const files = renderEntities(schema({
      tables: [
        table({ name: 'users', columns: [column({ name: 'id', type: 'integer', autoIncrement: true })], primaryKey: primaryKey('users_pkey', ['id']) }),
        table({ name: 'audit_log', columns: [column({ name: 'user_id', type: 'integer' }), column({ name: 'message', type: 'text', nullable: true })],
          foreignKeys: [foreignKey({ name: 'audit_log_user_id_foreign', columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] })] }),
      ],
    }));
    expect(files.map((f) => f.path)).toEqual(['user.ts', 'index.ts']);
    const index = files.find((f) => f.path === 'index.ts')!;
    expect(index.warnings).toEqual([
      'The table "audit_log" has no primary key, which every entity needs, so it has no entity: add a primary key to the table and run entity:generate again. ' +
        'Until then, a migration generated from these entities would drop it.',
    ]);
    expect(index.source).toMatch(/^\/\/ Left out: The table "audit_log" has no primary key/);
    expect(files[0]!.source).not.toContain('AuditLog');
    expect(files[0]!.warnings).toBeUndefined();
  });
});

describe('renderEntities composite keys', () => {
  it('declares a key\'s properties in the key\'s order, which is the order of the entity\'s @PrimaryKey properties', () => {
    const [member] = renderEntities(schema({
      tables: [table({
        name: 'members',
        columns: [column({ name: 'team_id', type: 'integer' }), column({ name: 'note', type: 'text' }), column({ name: 'user_id', type: 'integer' })],
        primaryKey: primaryKey('members_pkey', ['user_id', 'team_id']),
      })],
    }));
    expect(member!.source.split('\n').filter((l) => l.startsWith('  @')).map((l) => l.replace(/^.*\) (\w+)!.*$/, '$1'))).toEqual(['userId', 'note', 'teamId']);
  });
});

describe('renderEntities columns an entity declares otherwise than the database', () => {
  const accounts = table({
    name: 'accounts',
    columns: [column({ name: 'id', type: 'bigint', autoIncrement: true }), column({ name: 'ticket', type: 'integer', autoIncrement: true })],
    primaryKey: primaryKey('accounts_pkey', ['id']),
  });
  const employees = table({
    name: 'employees',
    columns: [column({ name: 'id', type: 'integer', autoIncrement: true }), column({ name: 'account_id', type: 'integer' })],
    primaryKey: primaryKey('employees_pkey', ['id']),
    foreignKeys: [foreignKey({ name: 'employees_account_id_foreign', columns: ['account_id'], referencedTable: 'accounts', referencedColumns: ['id'] })],
  });
  const [account, employee] = renderEntities(schema({ tables: [accounts, employees] }));

  it('declares a column filled by a sequence, other than the key, as a plain column, with a note', () => {
    expect(account!.source).toContain("declare [Defaults]?: 'id';");
    expect(account!.source).toContain("@Column({ type: 'integer' }) ticket!: number;");
    expect(account!.source).toContain('// Note: ticket takes its values from a sequence in the database (serial, identity or auto-increment), which Strata declares on a table\'s one integer key only');
  });

  it('declares a foreign key with the type of the key it references, with a note, as an entity must', () => {
    expect(employee!.source).toContain("@Column({ type: 'bigint' }) accountId!: bigint;");
    expect(employee!.source).toContain('// Note: accountId is integer in the database and references accounts.id, a bigint; a foreign key has the type of the key it references');
  });
});

describe('renderEntities insert types', () => {
  it('names in [Defaults] the columns the database fills in: generated keys and columns with a default', () => {
    const files = renderEntities(schema({
      tables: [table({
        name: 'accounts',
        columns: [
          column({ name: 'id', type: 'integer', autoIncrement: true }),
          column({ name: 'email', type: 'string', length: 255 }),
          column({ name: 'plan', type: 'string', length: 20, default: { kind: 'literal', value: 'free' } }),
          column({ name: 'note', type: 'text', nullable: true }),
        ],
        primaryKey: primaryKey('accounts_pkey', ['id']),
      })],
    }));
    const source = files.find((f) => f.path === 'account.ts')!.source;
    expect(source).toContain("export class Account {\n  declare [Defaults]?: 'id' | 'plan';\n");
    expect(source).toMatch(/^import \{ Column, Defaults, PrimaryKey, Table \} from 'strata-orm';$/m);
  });
});

describe('renderEntities column types', () => {
  it('types a decimal column as Decimal (its exact digits, which sum and avg take), imported as a type', () => {
    const [account] = renderEntities(schema({
      tables: [table({
        name: 'accounts',
        columns: [
          column({ name: 'id', type: 'integer', autoIncrement: true }),
          column({ name: 'balance', type: 'decimal', precision: 12, scale: 2 }),
          column({ name: 'limit', type: 'decimal', precision: 12, scale: 2, nullable: true }),
        ],
        primaryKey: primaryKey('accounts_pkey', ['id']),
      })],
    }));
    expect(account!.source).toMatch(/^import \{ Column, type Decimal, Defaults, PrimaryKey, Table \} from 'strata-orm';$/m);
    expect(account!.source).toContain(' balance!: Decimal;');
    expect(account!.source).toContain(' limit!: Decimal | null;');
  });
});

// An engine whose auto-increment keys are all of its one integer type reads a bigint key back as integer.
describe('renderEntities auto-increment keys that bigint foreign keys reference', () => {
  const ledger = schema({
    tables: [
      table({ name: 'accounts', columns: [column({ name: 'id', type: 'integer', autoIncrement: true })], primaryKey: primaryKey('accounts_pkey', ['id']) }),
      table({
        name: 'entries',
        columns: [column({ name: 'id', type: 'integer', autoIncrement: true }), column({ name: 'account_id', type: 'bigint' })],
        primaryKey: primaryKey('entries_pkey', ['id']),
        foreignKeys: [foreignKey({ name: 'entries_account_id_foreign', columns: ['account_id'], referencedTable: 'accounts', referencedColumns: ['id'] })],
      }),
    ],
  });
  const account = (options: Parameters<typeof renderEntities>[1]) => renderEntities(ledger, options).find((f) => f.path === 'account.ts')!.source;

  it('are written as the bigint they were declared where the engine does not keep a bigint key\'s type', () => {
    expect(account({ bigintAutoIncrement: false })).toMatch(/@PrimaryKey\(\{ type: 'bigint' \}\) id!: bigint;/);
  });

  it('are written as the database says where it keeps the type, by default', () => {
    expect(account({})).toMatch(/@PrimaryKey\(\{ type: 'integer' \}\) id!: number;/);
    expect(account({ bigintAutoIncrement: true })).toMatch(/@PrimaryKey\(\{ type: 'integer' \}\) id!: number;/);
  });
});
