import type {
  BelongsToManyOptions, BelongsToOptions, ColumnOptions, EntityClass, HasManyOptions, IndexOptions,
  PrimaryKeyOptions, TableOptions, TimestampOptions,
} from './options';

/**
 * What the decorators saw, before any validation: one record per class, kept on the class itself
 * (a WeakMap entry under legacy decorators, the class's decorator metadata under standard ones).
 */
export interface RawEntity {
  table?: TableOptions;
  readonly properties: RawProperty[];
  readonly uniques: RawClassIndex[];
  readonly indexes: RawClassIndex[];
  /** Which decorator proposal produced this record: standard decorators carry no design types. */
  mode: DecoratorMode;
}

export type DecoratorMode = 'legacy' | 'standard';

export interface RawClassIndex {
  readonly properties: readonly string[];
  readonly options: IndexOptions;
}

export type RawRelation =
  | { readonly kind: 'belongsTo'; readonly target: () => EntityClass; readonly options: BelongsToOptions }
  | { readonly kind: 'hasMany' | 'hasOne'; readonly target: () => EntityClass; readonly options: HasManyOptions }
  | { readonly kind: 'belongsToMany'; readonly target: () => EntityClass; readonly options: BelongsToManyOptions };

export interface RawProperty {
  readonly name: string;
  column?: ColumnOptions;
  primaryKey?: PrimaryKeyOptions;
  unique?: IndexOptions;
  index?: IndexOptions;
  relation?: RawRelation;
  timestamp?: { readonly kind: 'createdAt' | 'updatedAt'; readonly options: TimestampOptions };
  /** A column the runtime maintains for a write pattern: `@Version()` or `@DeletedAt()`. */
  managed?: { readonly kind: 'version' | 'deletedAt'; readonly options: TimestampOptions };
  /** Decorator names in the order they ran, to report one used twice on the same property. */
  readonly decorators: string[];
}

const RAW = Symbol.for('strata-orm.raw-entity');
// Shared through the global registry of symbols, so that entities decorated by one copy of the package
// (a project's own) are seen by another (a CLI installed elsewhere).
const STORE = Symbol.for('strata-orm.legacy-store');
const legacyStore: WeakMap<object, RawEntity> = ((globalThis as Record<symbol, unknown>)[STORE] ??= new WeakMap()) as WeakMap<object, RawEntity>;

// TypeScript's and swc's standard-decorator helpers only create `context.metadata` when
// `Symbol.metadata` exists, which Node 20 does not define yet.
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata');
const METADATA_SYMBOL = (Symbol as unknown as { metadata: symbol }).metadata;

interface StandardContext {
  readonly kind: string;
  readonly name: string | symbol;
  readonly static?: boolean;
  readonly metadata?: Record<PropertyKey, unknown>;
}

function isStandardContext(value: unknown): value is StandardContext {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value;
}

function newRaw(mode: DecoratorMode): RawEntity {
  return { properties: [], uniques: [], indexes: [], mode };
}

function rawFromMetadata(metadata: Record<PropertyKey, unknown> | undefined, decorator: string): RawEntity {
  if (!metadata) {
    throw new TypeError(
      `${decorator} was applied as a standard decorator without decorator metadata. ` +
        'Compile with TypeScript 5.2 or later (or swc with decoratorVersion 2022-03), ' +
        'or enable "experimentalDecorators" and "emitDecoratorMetadata".',
    );
  }
  if (!Object.prototype.hasOwnProperty.call(metadata, RAW)) metadata[RAW] = newRaw('standard');
  return metadata[RAW] as RawEntity;
}

function rawForConstructor(ctor: object): RawEntity {
  let raw = legacyStore.get(ctor);
  if (!raw) legacyStore.set(ctor, (raw = newRaw('legacy')));
  return raw;
}

function propertyRecord(raw: RawEntity, name: string): RawProperty {
  let prop = raw.properties.find((p) => p.name === name);
  if (!prop) raw.properties.push((prop = { name, decorators: [] }));
  return prop;
}

/** The kind of member a decorator was applied to, normalized across both decorator proposals. */
export type DecoratorTarget =
  | { readonly kind: 'class'; readonly raw: RawEntity }
  | { readonly kind: 'property'; readonly raw: RawEntity; readonly property: RawProperty }
  | { readonly kind: 'other'; readonly description: string };

/** Resolves the arguments a decorator received (legacy or standard) to the record it should write. */
export function decoratorTarget(decorator: string, target: unknown, context: unknown): DecoratorTarget {
  if (isStandardContext(context)) {
    const raw = rawFromMetadata(context.metadata, decorator);
    if (context.kind === 'class') return { kind: 'class', raw };
    if ((context.kind === 'field' || context.kind === 'accessor') && !context.static && typeof context.name === 'string') {
      return { kind: 'property', raw, property: propertyRecord(raw, context.name) };
    }
    return { kind: 'other', description: `${context.static ? 'static ' : ''}${context.kind} ${String(context.name)}` };
  }
  if (typeof target === 'function' && context === undefined) return { kind: 'class', raw: rawForConstructor(target) };
  if (typeof target === 'object' && target !== null && typeof context === 'string') {
    const raw = rawForConstructor((target as { constructor: object }).constructor);
    return { kind: 'property', raw, property: propertyRecord(raw, context) };
  }
  return { kind: 'other', description: typeof target === 'function' ? `static member ${String(context)}` : String(context) };
}

/** Throws the error for a decorator placed where it has no meaning (a method, a static field). */
export function misplaced(decorator: string, where: string, description: string): never {
  throw new TypeError(`${decorator} belongs on ${where}, not on ${description}.`);
}

/** The raw records of a class and of its ancestors, root first, so inherited columns come first. */
export function rawChain(cls: EntityClass): { cls: EntityClass; raw: RawEntity }[] {
  const chain: { cls: EntityClass; raw: RawEntity }[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const raw = ownRaw(c as EntityClass);
    if (raw) chain.unshift({ cls: c as EntityClass, raw });
  }
  return chain;
}

/** The record a class's own decorators wrote, if any. */
export function ownRaw(cls: EntityClass): RawEntity | undefined {
  const legacy = legacyStore.get(cls);
  if (legacy) return legacy;
  if (!Object.prototype.hasOwnProperty.call(cls, METADATA_SYMBOL)) return undefined;
  const metadata = (cls as unknown as Record<symbol, Record<PropertyKey, unknown> | undefined>)[METADATA_SYMBOL];
  if (!metadata || !Object.prototype.hasOwnProperty.call(metadata, RAW)) return undefined;
  return metadata[RAW] as RawEntity;
}

/**
 * A decorator's options, copied so that later changes to the caller's object do not reach them. Anything but an
 * object (`@Column('text')` in plain JavaScript) is kept as given, for the entity check to refuse with a sentence
 * (metadata/decorator-options.ts); null is no options.
 */
export function ownCopy<T>(options: T): T {
  if (options === null || options === undefined) return {} as T;
  return typeof options === 'object' && !Array.isArray(options) ? { ...options } : options;
}
