import type { Schema, Table } from '../../schema/model';
import { fitIdentifier } from '../../util/identifier';
import { call, raw, schemaCall, type Step } from '../../steps/step';
import { indexChain, tableBody, uniqueChain } from '../common/columns';
import { fitRules } from '../../changes/conversion';
import { findEnum } from '../../schema/lookup';
import { needsValueForEveryRow, refuseConversionMisfits, refuseNulls, refuseRowsWithoutValue } from '../common/misfits';
import { quoteIdentifier as q, quoteString } from '../common/sql-text';
import type { SqlitePlanState } from './planner';
import { type MisfitPhase, sqliteMisfit } from './misfits';
import { sqliteTypeCall } from './types';

/**
 * The definitions of the objects of a type that belong to a table, in the order they were created; SQLite matches
 * table names without regard to case. (Bound values keep the migration file's string free of escaped quotes.)
 */
const SELECT_DEFINITIONS = 'SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = ? COLLATE NOCASE ORDER BY rowid';

/**
 * Rebuilds a table into a new shape, the way SQLite's documentation prescribes for changes ALTER TABLE
 * cannot make: create the new table, copy every row, drop the old one, rename, recreate the indexes and
 * the triggers (saved before the drop, which loses them). It must run with foreign keys off (the step list
 * starts by checking), because dropping the old table with them on would delete every ON DELETE CASCADE
 * child row; the executor checks foreign keys before committing instead. The rename runs under
 * `legacy_alter_table`, which leaves alone the views and triggers that name the table: without it SQLite
 * checks them while the table is missing, and fails.
 *
 * `after` is the table as it must end up (with its final name); columns of `after` that `before` also
 * has are copied, new ones take their default. Before the old table is dropped, the rows are checked: a
 * column whose type changes must convert every value without loss (see `sqliteMisfit`), and the message of a
 * failed check names the table, never the temporary copy.
 */
export function rebuildTable(before: Table, after: Table, schemas: { before: Schema; after: Schema }, migration: SqlitePlanState, reason: string): Step[] {
  const temporary = fitIdentifier(`_strata_rebuild_${after.name}`);
  const copied = after.columns.filter((c) => before.columns.some((b) => b.name === c.name)).map((c) => q(c.name));
  const triggers = ++migration.savedStatements;
  const steps: Step[] = [];
  // One check per migration is enough: the foreign keys cannot change inside it.
  if (!migration.foreignKeysChecked) steps.push({ kind: 'refuseWhen', query: 'PRAGMA foreign_keys', column: 'foreign_keys', message: foreignKeysOnMessage(before.name) });
  migration.foreignKeysChecked = true;
  const conversions = conversionChecks(before, after, schemas, temporary);
  steps.push(...rowsThatCannotBeCopied(before, after), ...conversions.beforeCopy);
  steps.push(
    { kind: 'saveStatements', query: SELECT_DEFINITIONS, bindings: ['trigger', before.name], slot: triggers, comment: `Keep the triggers of "${before.name}": dropping the table drops them.` },
    {
      kind: 'createTable', table: temporary, body: tableBody({ ...after, uniques: [], indexes: [] }, schemas.after, sqliteTypeCall),
      comment: `SQLite cannot ${reason} in place: rebuild "${before.name}", copying every row.`,
    },
  );
  if (copied.length > 0) {
    steps.push(raw(`INSERT INTO ${q(temporary)} (${copied.join(', ')}) SELECT ${copied.join(', ')} FROM ${q(before.name)}`));
  }
  steps.push(...conversions.afterCopy);
  if (after.columns.some((c) => c.autoIncrement)) {
    // Keep the AUTOINCREMENT high-water mark, so ids of deleted rows are not handed out again.
    steps.push(raw(
      `UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = ${quoteString(before.name)}) ` +
        `WHERE name = ${quoteString(temporary)} AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${quoteString(before.name)} AND seq > 0)`,
    ));
  }
  steps.push(
    schemaCall(call('dropTable', before.name)),
    raw('PRAGMA legacy_alter_table = ON', 'Rename without checking the views and triggers that name the table: they will find it again under its name.'),
    schemaCall(call('renameTable', temporary, after.name)),
    raw('PRAGMA legacy_alter_table = OFF'),
  );
  const indexes = [...after.uniques.map(uniqueChain), ...after.indexes.map(indexChain)];
  if (indexes.length > 0) steps.push({ kind: 'alterTable', table: after.name, body: indexes });
  steps.push({ kind: 'runSaved', slot: triggers, comment: `Create the triggers of "${after.name}" again.` });
  return steps;
}

/**
 * Checks, on the old table, for rows that copying would fail on in the new one (whose name the database's
 * error would show): NULLs in a column that becomes NOT NULL, and any row at all when a NOT NULL column
 * without a default is added.
 */
function rowsThatCannotBeCopied(before: Table, after: Table): Step[] {
  return after.columns.flatMap((column) => {
    const old = before.columns.find((c) => c.name === column.name);
    if (!old) return needsValueForEveryRow(column) ? [refuseRowsWithoutValue(before.name, column)] : [];
    return old.nullable && !column.nullable ? [refuseNulls(before.name, column.name)] : [];
  });
}

/** The checks of each copied column whose type changes, split by when they run (see `MisfitPhase`). */
function conversionChecks(before: Table, after: Table, schemas: { before: Schema; after: Schema }, temporary: string): Record<MisfitPhase, Step[]> {
  const checks: Record<MisfitPhase, Step[]> = { beforeCopy: [], afterCopy: [] };
  const values = (schema: Schema, name: string | undefined): readonly string[] | undefined => (name === undefined ? undefined : findEnum(schema, name)?.values);
  for (const to of after.columns) {
    const from = before.columns.find((c) => c.name === to.name);
    if (!from) continue;
    const conversion = { table: before.name, from, to, enums: { from: values(schemas.before, from.enum), to: values(schemas.after, to.enum) } };
    for (const rule of fitRules(from, to, conversion.enums)) {
      for (const test of sqliteMisfit(rule, from, q(to.name))) {
        checks[test.phase].push(refuseConversionMisfits(conversion, rule, test.where, test.phase === 'beforeCopy' ? before.name : temporary));
      }
    }
  }
  return checks;
}

/** What a rebuild says when foreign keys are on: the pragma cannot be changed inside the migration's transaction. */
function foreignKeysOnMessage(table: string): string {
  return `This migration rebuilds the SQLite table "${table}" and must run with foreign keys off, ` +
    'or rows of tables that reference it with ON DELETE CASCADE would be deleted. Run it with `orm db:migrate`, ' +
    'which turns foreign keys off outside the transaction and checks them before committing.';
}
