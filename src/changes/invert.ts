import type { Change } from './change';
import { assertNever } from '../util/assert-never';

/** The change that undoes `change`. Total, and `invert(invert(c))` equals `c`. */
export function invert(change: Change): Change {
  switch (change.kind) {
    case 'createTable': return { kind: 'dropTable', table: change.table };
    case 'dropTable': return { kind: 'createTable', table: change.table };
    case 'renameTable': return { kind: 'renameTable', from: change.to, to: change.from };
    case 'addColumn': return { kind: 'dropColumn', table: change.table, column: change.column };
    case 'dropColumn': return { kind: 'addColumn', table: change.table, column: change.column };
    case 'renameColumn': return { kind: 'renameColumn', table: change.table, from: change.to, to: change.from };
    case 'alterColumn': return { kind: 'alterColumn', table: change.table, from: change.to, to: change.from };
    case 'addPrimaryKey': return { kind: 'dropPrimaryKey', table: change.table, primaryKey: change.primaryKey };
    case 'dropPrimaryKey': return { kind: 'addPrimaryKey', table: change.table, primaryKey: change.primaryKey };
    case 'addUnique': return { kind: 'dropUnique', table: change.table, unique: change.unique };
    case 'dropUnique': return { kind: 'addUnique', table: change.table, unique: change.unique };
    case 'addIndex': return { kind: 'dropIndex', table: change.table, index: change.index };
    case 'dropIndex': return { kind: 'addIndex', table: change.table, index: change.index };
    case 'addForeignKey': return { kind: 'dropForeignKey', table: change.table, foreignKey: change.foreignKey };
    case 'dropForeignKey': return { kind: 'addForeignKey', table: change.table, foreignKey: change.foreignKey };
    case 'renameConstraint': return { ...change, from: change.to, to: change.from };
    case 'createEnum': return { kind: 'dropEnum', enum: change.enum };
    case 'dropEnum': return { kind: 'createEnum', enum: change.enum };
    case 'alterEnum': return { kind: 'alterEnum', from: change.to, to: change.from };
    case 'renameEnum': return { kind: 'renameEnum', from: change.to, to: change.from };
  }
  return assertNever(change, 'change');
}

/** The changes that undo a list: each inverted, in reverse order. */
export function invertAll(changes: readonly Change[]): Change[] {
  return [...changes].reverse().map(invert);
}
