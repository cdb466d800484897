import type { ColumnOptions, PrimaryKeyOptions, TimestampOptions } from './options';
import { decoratorTarget, misplaced, ownCopy, type RawProperty } from './raw-store';
import type { PropertyDecoratorFn } from './types';

function propertyDecorator(name: string, write: (property: RawProperty) => void): PropertyDecoratorFn {
  return (target, context) => {
    const where = decoratorTarget(name, target, context);
    if (where.kind !== 'property') {
      return misplaced(name, 'an instance property', where.kind === 'class' ? 'a class' : where.description);
    }
    where.property.decorators.push(name);
    write(where.property);
  };
}

/**
 * Maps a property to a column.
 * @example @Column() name!: string;
 * @example @Column({ type: 'integer', nullable: true }) age!: number | null;
 */
export function Column(options: ColumnOptions = {}): PropertyDecoratorFn {
  return propertyDecorator('@Column', (p) => (p.column = ownCopy(options)));
}

/**
 * Makes the property (part of) the primary key; declares the column too. Integer and bigint single-column
 * keys auto-increment unless `autoIncrement: false`.
 * @example @PrimaryKey() id!: number;
 */
export function PrimaryKey(options: PrimaryKeyOptions = {}): PropertyDecoratorFn {
  return propertyDecorator('@PrimaryKey', (p) => (p.primaryKey = ownCopy(options)));
}

/** A `datetime` column set to the current time when a row is inserted. */
export function CreatedAt(options: TimestampOptions = {}): PropertyDecoratorFn {
  return propertyDecorator('@CreatedAt', (p) => (p.timestamp = { kind: 'createdAt', options: ownCopy(options) }));
}

/** A `datetime` column set to the current time when a row is inserted or updated. */
export function UpdatedAt(options: TimestampOptions = {}): PropertyDecoratorFn {
  return propertyDecorator('@UpdatedAt', (p) => (p.timestamp = { kind: 'updatedAt', options: ownCopy(options) }));
}

/**
 * An `integer` column (default 1) counting a row's updates, for optimistic locking: every update through the
 * repository adds 1, and `repository.updateVersioned(entity, changes)` updates the row only if it still has the
 * entity's version, throwing `StaleEntityError` when another writer changed it first. Combine with
 * `@Column({ type: 'bigint' })` for a bigint.
 * @example @Version() version!: number;
 */
export function Version(options: TimestampOptions = {}): PropertyDecoratorFn {
  return propertyDecorator('@Version', (p) => (p.managed = { kind: 'version', options: ownCopy(options) }));
}

/**
 * A nullable `datetime` column that makes deletes soft: `delete` sets it to the current time, every read leaves
 * such rows out unless `withDeleted: true`, `restore(where)` clears it, and `delete(where, { hard: true })`
 * removes rows for good.
 * @example @DeletedAt() deletedAt!: Date | null;
 */
export function DeletedAt(options: TimestampOptions = {}): PropertyDecoratorFn {
  return propertyDecorator('@DeletedAt', (p) => (p.managed = { kind: 'deletedAt', options: ownCopy(options) }));
}

export { propertyDecorator };
