import type { IndexOptions } from './options';
import { decoratorTarget, ownCopy } from './raw-store';
import type { ClassOrPropertyDecoratorFn } from './types';

function classOrProperty(name: string, kind: 'uniques' | 'indexes', args: unknown[]): ClassOrPropertyDecoratorFn {
  const [first, second] = args;
  const properties = Array.isArray(first) ? (first as string[]) : undefined;
  const options = ownCopy((properties ? second : first) as IndexOptions | undefined) as IndexOptions;
  return (target, context) => {
    const where = decoratorTarget(name, target, context);
    if (where.kind === 'class') {
      if (!properties) {
        throw new TypeError(`${name} on a class needs the properties it covers, e.g. ${name}(['firstName', 'lastName']).`);
      }
      where.raw[kind].push({ properties: [...properties], options });
    } else if (where.kind === 'property') {
      if (properties) {
        throw new TypeError(
          `${name}([...]) lists properties and belongs on the class; on the property "${where.property.name}" use ${name}().`,
        );
      }
      where.property.decorators.push(name);
      where.property[kind === 'uniques' ? 'unique' : 'index'] = options;
    } else {
      throw new TypeError(`${name} belongs on a class or an instance property, not on ${where.description}.`);
    }
  };
}

/**
 * A unique constraint. On a property: that column. On a class: the listed properties together.
 * @example @Unique() @Column() email!: string;
 * @example @Unique(['firstName', 'lastName']) @Table() class Person {}
 */
export function Unique(options?: IndexOptions): ClassOrPropertyDecoratorFn;
export function Unique(properties: readonly string[], options?: IndexOptions): ClassOrPropertyDecoratorFn;
export function Unique(...args: unknown[]): ClassOrPropertyDecoratorFn {
  return classOrProperty('@Unique', 'uniques', args);
}

/**
 * A (non-unique) index. On a property: that column. On a class: the listed properties, in order.
 * @example @Index(['userId', 'createdAt']) @Table('posts') class Post {}
 */
export function Index(options?: IndexOptions): ClassOrPropertyDecoratorFn;
export function Index(properties: readonly string[], options?: IndexOptions): ClassOrPropertyDecoratorFn;
export function Index(...args: unknown[]): ClassOrPropertyDecoratorFn {
  return classOrProperty('@Index', 'indexes', args);
}
