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
  const check = (where: string, decorator: string, options: unknown, takes: ReadonlySet<string>): void => {
    if (options === undefined) return;
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      problems.add(where, `${decorator} takes an object of options (${[...takes].join(', ')}); got ${JSON.stringify(options) ?? String(options)}.`);
      return;
    }
    const unknown = Object.keys(options).filter((key) => !takes.has(key));
    if (unknown.length === 0) return;
    const named = unknown.map((key) => {
      const meant = [...takes].find((option) => option.toLowerCase() === key.toLowerCase());
      return meant ? `'${key}' (did you mean ${meant}?)` : `'${key}'`;
    });
    const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
    problems.add(where, `${decorator} has no option${named.length === 1 ? '' : 's'} ${list}; its options are ${[...takes].join(', ')}.`);
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
