import { applyChange, applyChanges } from '../../src/changes/apply';
import type { Change } from '../../src/changes/change';
import { describeChange } from '../../src/changes/describe';
import { invert, invertAll } from '../../src/changes/invert';
import { type EnumValues, type FitRule, fitRules } from '../../src/changes/conversion';
import { safetyOf } from '../../src/changes/safety';
import { column, schema, table } from '../../src/schema/factories';
import { canonicalSchema } from '../../src/schema/equality';
import type { Column } from '../../src/schema/model';
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
    ['a string that shrinks (checked: refused rather than cut)', ONE_OF_EACH.alterColumn, true, false],
    ['a string that grows', invert(ONE_OF_EACH.alterColumn), false, false],
    ['integer → bigint', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'integer' }), to: column({ name: 'n', type: 'bigint' }) }, false, false],
    ['bigint → integer', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'bigint' }), to: column({ name: 'n', type: 'integer' }) }, true, false],
    ['text → integer', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'text' }), to: column({ name: 'n', type: 'integer' }) }, true, false],
    ['nullable → required', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'text', nullable: true }), to: column({ name: 'n', type: 'text' }) }, false, false],
    ['decimal precision shrinks', { kind: 'alterColumn', table: 't', from: column({ name: 'n', type: 'decimal', precision: 10, scale: 2 }), to: column({ name: 'n', type: 'decimal', precision: 8, scale: 2 }) }, true, false],
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

describe('fitRules', () => {
  const c = (type: Column['type'], extra: Partial<Column> = {}): Column => column({ name: 'n', type, ...extra });
  it.each([
    ['string(255) → string(10)', c('string'), c('string', { length: 10 }), {}, ['maxLength']],
    ['string(10) → string(20)', c('string', { length: 10 }), c('string', { length: 20 }), {}, []],
    ['integer → string(11)', c('integer'), c('string', { length: 11 }), {}, []],
    ['bigint → string(11)', c('bigint'), c('string', { length: 11 }), {}, ['maxLength']],
    ['enum → string(5), values known to fit', c('enum', { enum: 'e' }), c('string', { length: 5 }), { from: ['ab', 'cde'] }, []],
    ['anything → text', c('double'), c('text'), {}, []],
    ['binary → text', c('binary'), c('text'), {}, ['anyValue']],
    ['integer → bigint', c('integer'), c('bigint'), {}, []],
    ['bigint → integer', c('bigint'), c('integer'), {}, ['wholeNumber']],
    ['double → integer', c('double'), c('integer'), {}, ['wholeNumber']],
    ['text → bigint', c('text'), c('bigint'), {}, ['wholeNumber']],
    ['boolean → integer', c('boolean'), c('integer'), {}, []],
    ['json → integer', c('json'), c('integer'), {}, ['anyValue']],
    ['integer → double', c('integer'), c('double'), {}, []],
    ['integer → float', c('integer'), c('float'), {}, ['floatingPoint']],
    ['bigint → double', c('bigint'), c('double'), {}, ['floatingPoint']],
    ['float → double', c('float'), c('double'), {}, []],
    ['double → float', c('double'), c('float'), {}, ['floatingPoint']],
    ['decimal(10, 2) → decimal(12, 2)', c('decimal', { precision: 10, scale: 2 }), c('decimal', { precision: 12, scale: 2 }), {}, []],
    ['decimal(10, 2) → decimal(10, 1)', c('decimal', { precision: 10, scale: 2 }), c('decimal', { precision: 10, scale: 1 }), {}, ['decimal']],
    ['decimal(10, 2) → decimal(11, 3)', c('decimal', { precision: 10, scale: 2 }), c('decimal', { precision: 11, scale: 3 }), {}, []],
    ['decimal → decimal(10, 2)', c('decimal'), c('decimal', { precision: 10, scale: 2 }), {}, ['decimal']],
    ['decimal(10, 2) → decimal', c('decimal', { precision: 10, scale: 2 }), c('decimal'), {}, []],
    ['integer → decimal(12, 2)', c('integer'), c('decimal', { precision: 12, scale: 2 }), {}, []],
    ['integer → decimal(5, 2)', c('integer'), c('decimal', { precision: 5, scale: 2 }), {}, ['decimal']],
    ['double → decimal', c('double'), c('decimal'), {}, ['number']],
    ['text → decimal', c('text'), c('decimal'), {}, ['number']],
    ['date → datetime', c('date'), c('datetime'), {}, []],
    ['datetime → date', c('datetime'), c('date'), {}, ['anyValue']],
    ['datetime(6) → datetime(3)', c('datetime'), c('datetime', { precision: 3 }), {}, ['fractionalSeconds']],
    ['text → boolean', c('text'), c('boolean'), {}, ['anyValue']],
    ['string → enum', c('string'), c('enum', { enum: 'e' }), { to: ['a'] }, ['oneOf']],
    ['enum → enum covering it', c('enum', { enum: 'a' }), c('enum', { enum: 'b' }), { from: ['x'], to: ['x', 'y'] }, []],
    ['enum → enum losing a value', c('enum', { enum: 'e' }), c('enum', { enum: 'e' }), { from: ['x', 'y'], to: ['x'] }, ['oneOf']],
    ['enum → enum, values unknown', c('enum', { enum: 'a' }), c('enum', { enum: 'b' }), {}, ['oneOf']],
  ] as [string, Column, Column, EnumValues, FitRule['kind'][]][])('%s: %j', (_what, from, to, enums, kinds) => {
    expect(fitRules(from, to, enums).map((r) => r.kind)).toEqual(kinds);
  });
});

describe('describeChange', () => {
  it.each(ALL.map((c) => [c.kind, c] as const))('describes %s in one line', (_kind, change) => {
    const text = describeChange(change);
    expect(text).not.toContain('\n');
    expect(text.length).toBeGreaterThan(10);
  });
});
