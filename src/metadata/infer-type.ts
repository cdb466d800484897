import type { ColumnType } from '../schema/model';
import type { DeclaredType } from './declared-type';

/**
 * The column type TypeScript's emitted `design:type` implies, or why there is none and which option to add
 * (`problem`: the words after "cannot infer the column type: ").
 */
export type Inference = { readonly type: ColumnType } | { readonly problem: string };

const BY_CONSTRUCTOR = new Map<unknown, ColumnType>([
  [String, 'string'],
  [Number, 'integer'],
  [Boolean, 'boolean'],
  [Date, 'datetime'],
  [BigInt, 'bigint'],
  [Buffer, 'binary'],
  [Uint8Array, 'binary'],
]);

const ADD_TYPE = "Add the type option, e.g. @Column({ type: 'string' })";

/** Reads `design:type` for a property, as emitted under `emitDecoratorMetadata`. */
export function designType(cls: Function, property: string): unknown {
  const reflect = Reflect as unknown as { getMetadata?: (key: string, target: object, property: string) => unknown };
  return reflect.getMetadata?.('design:type', cls.prototype as object, property);
}

/**
 * The type of a column without a `type` option. `declared` (recorded by Strata's own loader, see declared-type.ts)
 * refuses what the design type would get wrong: a union of string literals is emitted as `String`, as `string` is.
 */
export function inferType(design: unknown, mode: 'legacy' | 'standard', declared?: DeclaredType): Inference {
  if (mode === 'standard') {
    return { problem: `standard decorators carry no TypeScript type information. ${ADD_TYPE}` };
  }
  if (declared?.literals) {
    const values = declared.literals.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(', ');
    return {
      problem: `it is declared as a union of string literals (${declared.text}), which TypeScript emits as String, as it does any string. ` +
        `Add the type option: @Column({ type: 'enum', enum: [${values}]${declared.nullable ? ', nullable: true' : ''} }) to allow only these values, ` +
        `or @Column({ type: 'string'${declared.nullable ? ', nullable: true' : ''} }) for any text`,
    };
  }
  if (design === undefined) {
    return { problem: `no type information was emitted (is "emitDecoratorMetadata" on, and reflect-metadata loaded?). ${ADD_TYPE}` };
  }
  const type = BY_CONSTRUCTOR.get(design);
  if (type) return { type };
  if (design === Object) {
    if (declared?.base) {
      return { problem: `it is declared \`${declared.text}\`, which TypeScript emits as Object. Add the type option: @Column({ type: '${declared.base}', nullable: true })` };
    }
    return {
      problem: 'TypeScript emitted Object, as it does for unions such as `number | null`, type aliases and object types. ' +
        "Add the type option, e.g. @Column({ type: 'integer', nullable: true }) for a `number | null`, or type: 'string' for a `string | null`",
    };
  }
  if (design === Array) {
    return {
      problem: "TypeScript emitted Array, and a column holds one value. Keep the list as JSON with @Column({ type: 'json' }) " +
        '(declared Json<Item[]> for a list of objects, so that it is not taken for a relation), ' +
        'or give its items a table of their own and declare a @HasMany relation instead of a column',
    };
  }
  const name = typeof design === 'function' ? design.name : String(design);
  return { problem: `TypeScript emitted ${name}, which is not a column type. ${ADD_TYPE}` };
}
