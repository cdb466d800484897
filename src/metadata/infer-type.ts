import type { ColumnType } from '../schema/model';

/** The column type TypeScript's emitted `design:type` implies, or why there is none. */
export type Inference = { readonly type: ColumnType } | { readonly reason: string };

const BY_CONSTRUCTOR = new Map<unknown, ColumnType>([
  [String, 'string'],
  [Number, 'integer'],
  [Boolean, 'boolean'],
  [Date, 'datetime'],
  [BigInt, 'bigint'],
  [Buffer, 'binary'],
  [Uint8Array, 'binary'],
]);

/** Reads `design:type` for a property, as emitted under `emitDecoratorMetadata`. */
export function designType(cls: Function, property: string): unknown {
  const reflect = Reflect as unknown as { getMetadata?: (key: string, target: object, property: string) => unknown };
  return reflect.getMetadata?.('design:type', cls.prototype as object, property);
}

export function inferType(design: unknown, mode: 'legacy' | 'standard'): Inference {
  if (mode === 'standard') {
    return { reason: 'standard decorators carry no TypeScript type information' };
  }
  if (design === undefined) {
    return { reason: 'no type information was emitted (is "emitDecoratorMetadata" on, and reflect-metadata loaded?)' };
  }
  const type = BY_CONSTRUCTOR.get(design);
  if (type) return { type };
  if (design === Object) {
    return { reason: 'TypeScript emitted Object, as it does for unions such as `number | null`, type aliases and object types' };
  }
  if (design === Array) return { reason: 'TypeScript emitted Array' };
  const name = typeof design === 'function' ? design.name : String(design);
  return { reason: `TypeScript emitted ${name}, which is not a column type` };
}
