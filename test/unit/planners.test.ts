import { applyChanges } from '../../src/changes/apply';
import type { Change } from '../../src/changes/change';
import { dialectNamed } from '../../src/dialects';
import { planChanges } from '../../src/dialects/plan-changes';
import { column, schema, table } from '../../src/schema/factories';
import type { Schema } from '../../src/schema/model';
import { renderSteps } from '../../src/steps/render';

const orders = (values: string[], defaultValue?: string): Schema => schema({
  tables: [table({
    name: 'orders',
    columns: [column({ name: 'id', type: 'integer', autoIncrement: true }), column({ name: 'state', type: 'enum', enum: 'orders_state_enum', default: defaultValue === undefined ? undefined : { kind: 'literal', value: defaultValue } })],
    primaryKey: { name: 'orders_pkey', columns: ['id'] },
  })],
  enums: [{ name: 'orders_state_enum', values }],
});

function source(dialect: 'postgres' | 'sqlite', from: Schema, changes: Change[]): string {
  return planChanges(dialectNamed(dialect), from, changes).map((p) => renderSteps(p.steps)).join('\n');
}

describe('PostgreSQL enum changes', () => {
  const extend: Change = { kind: 'alterEnum', from: { name: 'orders_state_enum', values: ['new', 'paid'] }, to: { name: 'orders_state_enum', values: ['draft', 'new', 'paid', 'shipped'] } };

  it('adds values in place, at their positions, when nothing in the migration uses them', () => {
    const text = source('postgres', orders(['new', 'paid']), [extend]);
    expect(text).toContain(`ALTER TYPE "orders_state_enum" ADD VALUE \\'draft\\' BEFORE \\'new\\'`);
    expect(text).toContain(`ALTER TYPE "orders_state_enum" ADD VALUE \\'shipped\\' AFTER \\'paid\\'`);
    expect(text).not.toContain('CREATE TYPE');
  });

  it('swaps in a new type when a column of the target defaults to a new value', () => {
    const from = orders(['new', 'paid'], 'new');
    const alter: Change = { kind: 'alterColumn', table: 'orders', from: from.tables[0]!.columns[1]!, to: { ...from.tables[0]!.columns[1]!, default: { kind: 'literal', value: 'draft' } } };
    const text = source('postgres', from, [extend, alter]);
    expect(text).not.toContain('ADD VALUE');
    expect(text).toContain(`ALTER TYPE "orders_state_enum" RENAME TO "orders_state_enum_strata_old"`);
    expect(text).toContain(`USING "state"::text::"orders_state_enum"`);
    expect(text).toContain(`DROP TYPE "orders_state_enum_strata_old"`);
    expect(applyChanges(from, [extend, alter]).enums[0]!.values).toEqual(['draft', 'new', 'paid', 'shipped']);
  });

  it('rebuilds the table on SQLite, where the values live in a CHECK constraint', () => {
    expect(source('sqlite', orders(['new', 'paid']), [extend])).toContain(`t.enu('state', ['draft', 'new', 'paid', 'shipped']`);
  });
});

describe('SQLite column changes', () => {
  const base = schema({ tables: [table({ name: 't', columns: [column({ name: 'id', type: 'integer', autoIncrement: true }), column({ name: 'a', type: 'text' })], primaryKey: { name: 't_pkey', columns: ['id'] } })] });
  const add = (extra: Parameters<typeof column>[0]): string => source('sqlite', base, [{ kind: 'addColumn', table: 't', column: column(extra) }]);

  it('adds nullable columns and columns with a constant default in place', () => {
    expect(add({ name: 'b', type: 'integer', nullable: true })).not.toContain('_strata_rebuild_');
    expect(add({ name: 'b', type: 'integer', default: { kind: 'literal', value: 0 } })).not.toContain('_strata_rebuild_');
  });

  it('rebuilds for a NOT NULL column without a default, or with an expression default', () => {
    expect(add({ name: 'b', type: 'integer' })).toContain('_strata_rebuild_t');
    expect(add({ name: 'b', type: 'datetime', default: { kind: 'sql', expression: 'CURRENT_TIMESTAMP' } })).toContain('_strata_rebuild_t');
  });

  it('checks foreign keys are off once per migration, however many rebuilds', () => {
    const changes: Change[] = [
      { kind: 'alterColumn', table: 't', from: base.tables[0]!.columns[1]!, to: { ...base.tables[0]!.columns[1]!, nullable: true } },
      { kind: 'addColumn', table: 't', column: column({ name: 'b', type: 'integer' }) },
    ];
    expect(source('sqlite', base, changes).match(/PRAGMA foreign_keys/g)).toHaveLength(1);
  });

  it('keeps the triggers of each rebuild in a variable of its own, restored after the rename', () => {
    const changes: Change[] = [
      { kind: 'alterColumn', table: 't', from: base.tables[0]!.columns[1]!, to: { ...base.tables[0]!.columns[1]!, nullable: true } },
      { kind: 'addColumn', table: 't', column: column({ name: 'b', type: 'integer' }) },
    ];
    const text = source('sqlite', base, changes).split('\n').map((line) => line.trim());
    const lines = (pattern: RegExp) => text.flatMap((line, i) => (pattern.test(line) ? [i] : []));
    const [save1, save2, ...moreSaves] = lines(/^const saved\d = /);
    const [restore1, restore2] = lines(/^for \(const sql of saved\d\)/);
    const [legacyOn1] = lines(/PRAGMA legacy_alter_table = ON/);
    const [rename1] = lines(/renameTable\('_strata_rebuild_t', 't'\)/);
    const [legacyOff1] = lines(/PRAGMA legacy_alter_table = OFF/);
    expect(moreSaves).toEqual([]);
    expect(text[save1!]).toBe("const saved1 = ((await knex.raw('SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = ? COLLATE NOCASE ORDER BY rowid', ['trigger', 't'])) as { sql: string }[]).map((row) => row.sql);");
    expect(text[save2!]).toContain("const saved2 = ((await knex.raw('SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = ? COLLATE NOCASE ORDER BY rowid', ['trigger', 't']))");
    expect(save1! < legacyOn1! && legacyOn1! + 1 === rename1 && rename1! + 1 === legacyOff1 && legacyOff1! < restore1!).toBe(true);
    expect(restore1! < save2! && save2! < restore2!).toBe(true);
    expect(text[restore1!]).toBe('for (const sql of saved1) await knex.raw(sql);');
    expect(text[restore2!]).toBe('for (const sql of saved2) await knex.raw(sql);');
  });
});

describe('checks of the values a type change must keep', () => {
  const from = schema({
    tables: [table({
      name: 'users',
      columns: [column({ name: 'id', type: 'integer', autoIncrement: true }), column({ name: 'name', type: 'string', length: 255 }), column({ name: 'state', type: 'text', nullable: true })],
      primaryKey: { name: 'users_pkey', columns: ['id'] },
    })],
    enums: [{ name: 'users_state_enum', values: ['on', 'off'] }],
  });
  const [, name, state] = from.tables[0]!.columns;
  const changes: Change[] = [
    { kind: 'alterColumn', table: 'users', from: name!, to: { ...name!, length: 10 } },
    { kind: 'alterColumn', table: 'users', from: state!, to: { ...state!, type: 'enum', enum: 'users_state_enum' } },
  ];
  const steps = (dialect: 'postgres' | 'sqlite') => planChanges(dialectNamed(dialect), from, changes).flatMap((p) => p.steps);
  const at = (list: ReturnType<typeof steps>, test: (s: ReturnType<typeof steps>[number]) => boolean): number[] => list.flatMap((s, i) => (test(s) ? [i] : []));

  it('run on PostgreSQL before the statement that converts', () => {
    const list = steps('postgres');
    const checks = at(list, (s) => s.kind === 'refuseMisfits');
    const converts = at(list, (s) => s.kind === 'alterTable' || (s.kind === 'raw' && / TYPE /.test(s.sql)));
    expect(checks).toHaveLength(2);
    expect(checks[0]! < converts[0]! && checks[1]! < converts[1]! && checks[1]! > converts[0]!).toBe(true);
  });

  it('run on SQLite before the old table is dropped: on the copy for types, on the old table for what the copy would reject', () => {
    const list = steps('sqlite');
    const copy = at(list, (s) => s.kind === 'raw' && s.sql.startsWith('INSERT INTO'));
    const drop = at(list, (s) => s.kind === 'schema' && s.chain[0]!.method === 'dropTable');
    const onCopy = at(list, (s) => s.kind === 'refuseMisfits' && s.query.includes('FROM "_strata_rebuild_users"'));
    const onTable = at(list, (s) => s.kind === 'refuseMisfits' && s.query.includes('FROM "users"'));
    expect([onCopy.length, onTable.length, copy.length]).toEqual([1, 1, 2]);
    expect(copy[0]! < onCopy[0]! && onCopy[0]! < drop[0]!).toBe(true);
    expect(drop[0]! < onTable[0]! && onTable[0]! < copy[1]!).toBe(true);
    for (const i of [...onCopy, ...onTable]) {
      const step = list[i]!;
      if (step.kind === 'refuseMisfits') expect(step.message.action).toMatch(/^Cannot change "users"\."(name|state)" from /);
    }
  });
});
