import { applyChange, applyChanges } from '../../src/changes/apply';
import type { Change } from '../../src/changes/change';
import { describeChange } from '../../src/changes/describe';
import { invert, invertAll } from '../../src/changes/invert';
import { safetyOf } from '../../src/changes/safety';
import { column, schema, table } from '../../src/schema/factories';
import { canonicalSchema } from '../../src/schema/equality';
import { ONE_OF_EACH, users } from '../helpers/samples';

const ALL = Object.values(ONE_OF_EACH) as Change[];

describe('invert', () => {
  it.each(ALL.map((c) => [c.kind, c] as const))('invert(invert(%s)) is the change itself', (_kind, change) => {
    expect(invert(invert(change))).toEqual(change);
  });

  it.each(ALL.map((c) => [c.kind, c] as const))('invert(%s) is another change, or the same with its direction swapped', (_kind, change) => {
    expect(invert(change)).not.toEqual(change);
  });

  it('pairs creation with removal, carrying the whole before-state', () => {
    expect(invert(ONE_OF_EACH.dropColumn)).toEqual({ kind: 'addColumn', table: 'users', column: ONE_OF_EACH.dropColumn.column });
    expect(invert(ONE_OF_EACH.dropTable)).toEqual({ kind: 'createTable', table: users });
    expect(invert(ONE_OF_EACH.alterColumn)).toEqual({ kind: 'alterColumn', table: 'users', from: ONE_OF_EACH.alterColumn.to, to: ONE_OF_EACH.alterColumn.from });
  });

  it('invertAll reverses the order', () => {
    const changes: Change[] = [ONE_OF_EACH.createEnum, ONE_OF_EACH.createTable];
    expect(invertAll(changes)).toEqual([invert(ONE_OF_EACH.createTable), invert(ONE_OF_EACH.createEnum)]);
  });
});

describe('applyChange', () => {
  const start = schema({ tables: [users] });

  it('applied then inverted, returns the schema it started from', () => {
    const plan: Change[] = [
      { kind: 'renameTable', from: 'users', to: 'members' },
      { kind: 'renameColumn', table: 'members', from: 'email', to: 'mail' },
      { kind: 'addColumn', table: 'members', column: column({ name: 'age', type: 'integer', nullable: true }) },
      { kind: 'renameConstraint', table: 'members', constraint: 'unique', from: 'users_email_unique', to: 'members_mail_unique' },
      { kind: 'createEnum', enum: { name: 'e', values: ['x'] } },
    ];
    const end = applyChanges(start, plan);
    expect(end.tables[0]!.uniques).toEqual([{ name: 'members_mail_unique', columns: ['mail'] }]);
    expect(canonicalSchema(applyChanges(end, invertAll(plan)))).toEqual(canonicalSchema(start));
  });

  it('renames follow into constraints and into foreign keys of other tables', () => {
    const posts = table({
      name: 'posts', columns: [column({ name: 'id', type: 'integer' }), column({ name: 'user_id', type: 'integer' })],
      foreignKeys: [{ name: 'fk', columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'no action', onUpdate: 'no action' }],
    });
    const after = applyChanges(schema({ tables: [users, posts] }), [
      { kind: 'renameColumn', table: 'users', from: 'id', to: 'user_id' },
      { kind: 'renameTable', from: 'users', to: 'people' },
    ]);
    expect(after.tables.find((t) => t.name === 'posts')!.foreignKeys[0]).toMatchObject({ referencedTable: 'people', referencedColumns: ['user_id'] });
    expect(after.tables.find((t) => t.name === 'people')!.primaryKey!.columns).toEqual(['user_id']);
  });

  it('refuses a change that does not fit: dropping a column a constraint still uses', () => {
    expect(() => applyChange(start, ONE_OF_EACH.dropColumn)).toThrow(/column "email" is still used by users_email_unique/);
    expect(() => applyChange(start, { kind: 'createTable', table: users })).toThrow(/table "users" already exists/);
  });
});

describe('safety', () => {
  it.each([
    ['dropTable', ONE_OF_EACH.dropTable, true, true],
    ['dropColumn', ONE_OF_EACH.dropColumn, true, true],
    ['a string that shrinks', ONE_OF_EACH.alterColumn, true, true],
    ['a string that grows', invert(ONE_OF_EACH.alterColumn), false, false],
    ['integer → bigint', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'integer' }), to: column({ name: 'n', type: 'bigint' }) }, false, false],
    ['bigint → integer', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'bigint' }), to: column({ name: 'n', type: 'integer' }) }, true, true],
    ['text → integer', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'text' }), to: column({ name: 'n', type: 'integer' }) }, true, true],
    ['nullable → required', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'text', nullable: true }), to: column({ name: 'n', type: 'text' }) }, false, false],
    ['decimal precision shrinks', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'decimal', precision: 10, scale: 2 }), to: column({ name: 'n', type: 'decimal', precision: 8, scale: 2 }) }, true, true],
    ['enum values removed', invert(ONE_OF_EACH.alterEnum), true, false],
    ['enum values added', ONE_OF_EACH.alterEnum, false, false],
    ['renameColumn', ONE_OF_EACH.renameColumn, false, false],
    ['addColumn', ONE_OF_EACH.addColumn, false, false],
  ] as [string, Change, boolean, boolean][])('%s: destructive %s, irreversible %s', (_what, change, destructive, irreversible) => {
    const safety = safetyOf(change);
    expect([safety.destructive, safety.irreversible]).toEqual([destructive, irreversible]);
    if (destructive) expect(safety.reason).toBeTruthy();
  });
});

describe('describeChange', () => {
  it.each(ALL.map((c) => [c.kind, c] as const))('describes %s in one line', (_kind, change) => {
    const text = describeChange(change);
    expect(text).not.toContain('\n');
    expect(text.length).toBeGreaterThan(10);
  });
});
