import type {
  BelongsToManyOptions, BelongsToOptions, ColumnOptions, HasManyOptions, IndexOptions, PrimaryKeyOptions, TableOptions, TimestampOptions,
} from '../decorators/options';
import type { RawEntity, RawRelation } from '../decorators/raw-store';
import { keysOf } from '../util/keys-of';
import type { Problems } from './draft';

// Each decorator's options, listed against its options type (see keysOf): a misspelt option is refused rather
// than ignored. TypeScript refuses it too, but the CLI loads entities without checking their types, and plain
// JavaScript has none.
const COLUMN = keysOf<ColumnOptions>({
  type: true, name: true, length: true, precision: true, scale: true, nullable: true, default: true, primary: true, autoIncrement: true,
  unique: true, index: true, enum: true, renamedFrom: true, comment: true,
});
const PRIMARY_KEY = keysOf<PrimaryKeyOptions>({
  type: true, name: true, length: true, precision: true, scale: true, default: true, autoIncrement: true, index: true, enum: true,
  renamedFrom: true, comment: true,
});
const TABLE = keysOf<TableOptions>({ name: true, renamedFrom: true });
const INDEX = keysOf<IndexOptions>({ name: true });
const TIMESTAMP = keysOf<TimestampOptions>({ name: true });
const RELATION: Record<RawRelation['kind'], ReadonlySet<string>> = {
  belongsTo: keysOf<BelongsToOptions>({ foreignKey: true, onDelete: true, onUpdate: true, nullable: true }),
  hasMany: keysOf<HasManyOptions>({ foreignKey: true }),
  hasOne: keysOf<HasManyOptions>({ foreignKey: true }),
  belongsToMany: keysOf<BelongsToManyOptions>({ through: true, foreignKey: true, otherKey: true }),
};
const RELATION_DECORATOR: Record<RawRelation['kind'], string> = { belongsTo: '@BelongsTo', hasMany: '@HasMany', hasOne: '@HasOne', belongsToMany: '@BelongsToMany' };

/** Adds a problem for each option a decorator of `raw` (one class's own decorators) does not take. */
export function checkDecoratorOptions(className: string, raw: RawEntity, problems: Problems): void {
  const check = (where: string, decorator: string, options: object | undefined, takes: ReadonlySet<string>): void => {
    const unknown = options ? Object.keys(options).filter((key) => !takes.has(key)) : [];
    if (unknown.length === 0) return;
    const named = unknown.map((key) => `'${key}'`).join(', ');
    const nearly = unknown.map((key) => [...takes].find((option) => option.toLowerCase() === key.toLowerCase())).filter((o) => o !== undefined);
    problems.add(where, `${decorator} has no option ${named}${nearly.length ? ` (did you mean ${nearly.join(', ')}?)` : ''}; its options are ${[...takes].join(', ')}.`);
  };
  check(className, '@Table', raw.table, TABLE);
  for (const unique of raw.uniques) check(className, '@Unique', unique.options, INDEX);
  for (const index of raw.indexes) check(className, '@Index', index.options, INDEX);
  for (const property of raw.properties) {
    const where = `${className}.${property.name}`;
    check(where, '@Column', property.column, COLUMN);
    check(where, '@PrimaryKey', property.primaryKey, PRIMARY_KEY);
    check(where, '@Unique', property.unique, INDEX);
    check(where, '@Index', property.index, INDEX);
    if (property.relation) check(where, RELATION_DECORATOR[property.relation.kind], property.relation.options, RELATION[property.relation.kind]);
    if (property.timestamp) check(where, property.timestamp.kind === 'createdAt' ? '@CreatedAt' : '@UpdatedAt', property.timestamp.options, TIMESTAMP);
    if (property.managed) check(where, property.managed.kind === 'version' ? '@Version' : '@DeletedAt', property.managed.options, TIMESTAMP);
  }
}
