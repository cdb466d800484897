import type { Change, ChangeKind } from '../../src/changes/change';
import { column, foreignKey, table } from '../../src/schema/factories';

const id = column({ name: 'id', type: 'integer', autoIncrement: true });
const email = column({ name: 'email', type: 'string', length: 255 });
export const users = table({
  name: 'users', columns: [id, email], primaryKey: { name: 'users_pkey', columns: ['id'] },
  uniques: [{ name: 'users_email_unique', columns: ['email'] }],
});
const fk = foreignKey({ name: 'posts_user_id_foreign', columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'cascade' });

/** One change of every kind, to prove properties that must hold for all of them. */
export const ONE_OF_EACH: { readonly [K in ChangeKind]: Extract<Change, { kind: K }> } = {
  createTable: { kind: 'createTable', table: users },
  dropTable: { kind: 'dropTable', table: users },
  renameTable: { kind: 'renameTable', from: 'accounts', to: 'users' },
  addColumn: { kind: 'addColumn', table: 'users', column: email },
  dropColumn: { kind: 'dropColumn', table: 'users', column: email },
  renameColumn: { kind: 'renameColumn', table: 'users', from: 'mail', to: 'email' },
  alterColumn: { kind: 'alterColumn', table: 'users', from: email, to: { ...email, length: 100, nullable: true } },
  addPrimaryKey: { kind: 'addPrimaryKey', table: 'users', primaryKey: { name: 'users_pkey', columns: ['id'] } },
  dropPrimaryKey: { kind: 'dropPrimaryKey', table: 'users', primaryKey: { name: 'users_pkey', columns: ['id'] } },
  addUnique: { kind: 'addUnique', table: 'users', unique: { name: 'users_email_unique', columns: ['email'] } },
  dropUnique: { kind: 'dropUnique', table: 'users', unique: { name: 'users_email_unique', columns: ['email'] } },
  addIndex: { kind: 'addIndex', table: 'users', index: { name: 'users_email_index', columns: ['email'] } },
  dropIndex: { kind: 'dropIndex', table: 'users', index: { name: 'users_email_index', columns: ['email'] } },
  addForeignKey: { kind: 'addForeignKey', table: 'posts', foreignKey: fk },
  dropForeignKey: { kind: 'dropForeignKey', table: 'posts', foreignKey: fk },
  renameConstraint: { kind: 'renameConstraint', table: 'users', constraint: 'unique', from: 'accounts_email_unique', to: 'users_email_unique' },
  createEnum: { kind: 'createEnum', enum: { name: 'users_kind_enum', values: ['a', 'b'] } },
  dropEnum: { kind: 'dropEnum', enum: { name: 'users_kind_enum', values: ['a', 'b'] } },
  alterEnum: { kind: 'alterEnum', from: { name: 'users_kind_enum', values: ['a', 'b'] }, to: { name: 'users_kind_enum', values: ['a', 'b', 'c'] } },
  renameEnum: { kind: 'renameEnum', from: 'accounts_kind_enum', to: 'users_kind_enum' },
};
