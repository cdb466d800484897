import type { TableOptions } from './options';
import { decoratorTarget, misplaced, ownCopy } from './raw-store';
import type { ClassDecoratorFn } from './types';

/**
 * Marks a class as an entity stored in a table.
 * @example @Table('users') class User {}
 * @example @Table({ name: 'users', renamedFrom: 'accounts' }) class User {}
 * @example @Table() class UserRole {}   // table `user_roles`
 */
export function Table(nameOrOptions?: string | TableOptions): ClassDecoratorFn {
  const options: TableOptions = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : ownCopy(nameOrOptions) as TableOptions;
  return (target, context) => {
    const where = decoratorTarget('@Table', target, context);
    if (where.kind !== 'class') return misplaced('@Table', 'a class', where.kind === 'other' ? where.description : where.property.name);
    where.raw.table = options;
  };
}
