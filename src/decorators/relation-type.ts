/**
 * Wraps the type of a relation property that names a class declared later in the same file, or in a
 * module that imports this one. Under `emitDecoratorMetadata`, TypeScript emits a reference to a
 * property's class, evaluated when the class is decorated; for a class not yet initialized that is a
 * `ReferenceError`. A type alias emits `Object` instead, and relations need no emitted type.
 * @example @BelongsTo(() => Author) author?: Relation<Author>;
 */
export type Relation<T> = T;
