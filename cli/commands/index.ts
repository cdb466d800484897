import type { Command } from '../command';
import { dbBaseline } from './db-baseline';
import { dbMigrate } from './db-migrate';
import { dbMigrateUndo, dbMigrateUndoAll } from './db-migrate-undo';
import { dbReset } from './db-reset';
import { entityGenerate } from './entity-generate';
import { init } from './init';
import { makeMigration } from './make-migration';
import { migrateAcceptEdit } from './migrate-accept-edit';
import { migrateCheck } from './migrate-check';
import { migrateGenerate } from './migrate-generate';
import { migrateRebase } from './migrate-rebase';
import { migrateResolve } from './migrate-resolve';
import { migrateSquash } from './migrate-squash';
import { migrateStatus } from './migrate-status';

/** Every command of the CLI, in the order `orm --help` lists them. */
export const COMMANDS: readonly Command<never>[] = [
  init, migrateGenerate, makeMigration, dbMigrate, dbMigrateUndo, dbMigrateUndoAll, migrateStatus, migrateCheck, migrateAcceptEdit, migrateRebase, migrateResolve, migrateSquash, dbBaseline, dbReset, entityGenerate,
] as unknown as Command<never>[];
