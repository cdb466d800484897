import 'reflect-metadata';

// Entities
export { Table } from './decorators/table';
export { Column, PrimaryKey, CreatedAt, UpdatedAt, Version, DeletedAt } from './decorators/column';
export { Unique, Index } from './decorators/index-unique';
export { BelongsTo, HasMany, HasOne, BelongsToMany } from './decorators/relations';
export { sql, SqlExpression } from './decorators/sql';
export type { Relation } from './decorators/relation-type';
export { Defaults, type Json } from './decorators/entity-types';
export type {
  BelongsToManyOptions, BelongsToOptions, ColumnDefault, ColumnOptions, EntityClass, HasManyOptions, IndexOptions,
  PrimaryKeyOptions, ReferentialActionOption, TableOptions, TimestampOptions,
} from './decorators/options';
export { EntityDefinitionError, type EntityProblem } from './metadata/errors';
export { MetadataRegistry } from './metadata/registry';
export type { ColumnMetadata, EntityMetadata, RelationMetadata } from './metadata/types';

// Runtime
export { Orm, type OrmOptions } from './runtime/orm';
export type { ResetDbOptions } from './runtime/reset-db';
export { dialectOf, type ConnectionOptions } from './runtime/knex-config';
export { Repository, type Id } from './runtime/repository';
export { Transaction } from './runtime/transaction';
export { SqlQuery, type DeclaredType } from './runtime/raw-sql';
export type { ColumnRef, SqlIdentifier, TableRef } from './runtime/sql-ref';
export type { StreamOptions } from './runtime/stream';
export type { QueryEvent } from './runtime/executor';
export {
  ConstraintError, type ConstraintInfo, ForeignKeyConstraintError, NotNullConstraintError, QueryError, UniqueConstraintError,
} from './runtime/errors';
export type {
  ColumnKeys, Condition, Direction, FindOneOptions, FindOptions, Include, IncludeOptions, JsonPathCondition, Operators, OrderBy, RelationFilter, ToOneIncludeOptions,
  EntityRef, InsertValues, RelationKeys, RequiredKeys, TextOperators, Values, Where,
} from './runtime/query-types';
// Writes
export { Arithmetic, decrement, increment } from './runtime/update-values';
export type { UpsertOptions } from './runtime/upsert';
export type { LockOptions } from './runtime/locks';
export { StaleEntityError } from './runtime/optimistic';
export type { SoftDeleteOptions } from './runtime/soft-delete';
export { TransactionRetryError, type TransactionOptions } from './runtime/transaction-retry';
export type { IsolationLevel } from './dialects/runtime-driver';
export type { DeleteOptions, Returning, UpdateOptions, UpdateValue, UpdateValues } from './runtime/write-types';
export type {
  AggregateCondition, AggregateOptions, AggregateResult, AvgOf, Decimal, GroupByOptions, GroupOrderBy, GroupResult, Having, NumericKeys, OrderableKeys, SumOf,
} from './runtime/aggregate-types';
export type { Counted, CountOption, RelationCount, ToManyKeys } from './runtime/count-types';
export { ConfigError, ConnectionError } from './config/errors';
export { parseDatabaseUrl, DEFAULT_URL } from './dialects';

// Configuration
export { defineConfig, type OrmConfig } from './config/define-config';
export { CONFIG_FILES, findConfigFile, loadConfig, type LoadConfigOptions, type ResolvedConfig } from './config/load-config';
export type { ModuleFormat } from './config/source-files';

// Migrations
export {
  generateMigration, MissingSnapshotError, PendingMigrationsError, type GenerateMigrationOptions, type GenerateMigrationResult,
  type GenerationBase,
} from './generate/generate-migration';
export { checkSnapshotDrift, type SnapshotVerdict } from './generate/drift';
export { baselineDatabase, type BaselineOptions, type BaselineResult } from './generate/baseline';
export { squashMigrations, type SquashOptions, type SquashResult } from './generate/squash';
export { rebaseMigration, RebaseOverlapError, type RebaseOptions, type RebaseResult } from './generate/rebase';
export {
  BranchConflictError, describeConflict, findBranchConflicts, rebaseAdvice, SNAPSHOT_SUFFIX, type BranchConflict, type Snapshot,
} from './migrator/snapshots';
export { diffDatabase, type SchemaDiff } from './generate/schema-diff';
export { validateMigrationName } from './codegen/file-name';
export { generateEntities, type GenerateEntitiesOptions } from './generate/generate-entities';
export {
  EditedMigrationsError, OutOfOrderError, migrateDown, migrateFresh, migrateUp, migrationStatus,
  type MigrationResult, type MigrationRun, type MigrationStatusEntry, type MigratorOptions,
} from './migrator/migrator';
export { acceptEditedMigrations, type AcceptedEdit } from './migrator/accept-edits';
export { resolveMigration, type ResolvedMigration, type ResolveTarget } from './migrator/resolve';
export { MigrationFailedError } from './migrator/failure';
export { MigrationInterruptedError } from './migrator/interrupted';
export { DataLossError, type DataLoss, type DataLossGuardOptions, type LostColumn, type LostTable } from './migrator/data-loss';
export { MigrationError } from './migrator/errors';
export { DEFAULT_HISTORY_TABLE } from './migrator/history';
export { MigrationLockTimeoutError } from './dialects/lock-timeout-error';
export { ForeignKeyCheckError, type ForeignKeyViolation } from './dialects/foreign-key-check-error';
export type { Dialect, DialectName } from './dialects';
export type { Change } from './changes/change';
export { describeChange } from './changes/describe';
export { safetyOf, type Safety } from './changes/safety';

// Schema model
export type * from './schema/model';
export { fromMetadata } from './schema/from-metadata';
export { schemasEqual } from './schema/equality';
