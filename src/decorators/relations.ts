import { propertyDecorator } from './column';
import { ownCopy } from './raw-store';
import type { BelongsToManyOptions, BelongsToOptions, EntityClass, HasManyOptions } from './options';
import type { PropertyDecoratorFn } from './types';

/**
 * This entity holds a foreign key to `target`. Adds the `<property>Id` column unless it is declared.
 * @example @BelongsTo(() => User, { onDelete: 'cascade' }) user?: User;
 */
export function BelongsTo(target: () => EntityClass, options: BelongsToOptions = {}): PropertyDecoratorFn {
  return propertyDecorator('@BelongsTo', (p) => (p.relation = { kind: 'belongsTo', target, options: ownCopy(options) }));
}

/**
 * Many `target` rows reference this entity through their `@BelongsTo` (or `foreignKey`).
 * @example @HasMany(() => Post) posts?: Post[];
 */
export function HasMany(target: () => EntityClass, options: HasManyOptions = {}): PropertyDecoratorFn {
  return propertyDecorator('@HasMany', (p) => (p.relation = { kind: 'hasMany', target, options: ownCopy(options) }));
}

/** Like {@link HasMany}, for at most one row. */
export function HasOne(target: () => EntityClass, options: HasManyOptions = {}): PropertyDecoratorFn {
  return propertyDecorator('@HasOne', (p) => (p.relation = { kind: 'hasOne', target, options: ownCopy(options) }));
}

/**
 * Many-to-many through a junction entity.
 * @example @BelongsToMany(() => Role, { through: () => UserRole }) roles?: Role[];
 */
export function BelongsToMany(target: () => EntityClass, options: BelongsToManyOptions): PropertyDecoratorFn {
  return propertyDecorator('@BelongsToMany', (p) => (p.relation = { kind: 'belongsToMany', target, options: ownCopy(options) }));
}
