import type { ClassMember, Module, ModuleItem, TsType } from '@swc/core';
import { DECLARED_TYPE_KEY, type DeclaredType } from '../metadata/declared-type';
import type { ColumnType } from '../schema/model';

const swc = (): typeof import('@swc/core') => require('@swc/core') as typeof import('@swc/core');

/** Types whose design type (`Number`, `String`…) TypeScript emits for the type alone, and the column type of each. */
const BASES: Readonly<Record<string, ColumnType>> = {
  string: 'string', number: 'integer', boolean: 'boolean', bigint: 'bigint', Date: 'datetime', Buffer: 'binary', Uint8Array: 'binary',
};

/**
 * Statements that record, on the decorated properties of a module's top-level classes, the type the source
 * declares where TypeScript's design type says too little or the wrong thing: a union of string literals
 * (emitted as `String`, as `string` is) and a type with `null` or `undefined` (emitted as `Object`). They are
 * appended to the compiled module, set metadata under {@link DECLARED_TYPE_KEY} through reflect-metadata (which
 * `strata-orm` loads), and are empty when there is nothing to record.
 */
export function declaredTypeNotes(code: string, filename: string): string {
  // Only decorated classes matter; most files (migrations, the config) have none and are not parsed again.
  if (!/@\s*[A-Za-z_$]/.test(code)) return '';
  let module: Module;
  try {
    module = swc().parseSync(code, { syntax: 'typescript', tsx: filename.endsWith('x'), decorators: true });
  } catch {
    return '';
  }
  const aliases = new Map<string, TsType>();
  for (const item of module.body) {
    const declaration = item.type === 'ExportDeclaration' ? item.declaration : item;
    if (declaration.type === 'TsTypeAliasDeclaration') aliases.set(declaration.id.value, declaration.typeAnnotation);
  }
  const notes: string[] = [];
  for (const { name, members } of topLevelClasses(module.body)) {
    for (const member of members) {
      if (member.type !== 'ClassProperty' || member.isStatic || member.decorators?.length === 0 || member.key.type !== 'Identifier') continue;
      const annotation = member.typeAnnotation?.typeAnnotation;
      const declared = annotation && describe(annotation, aliases);
      if (declared) notes.push(`r.defineMetadata(${JSON.stringify(DECLARED_TYPE_KEY)}, ${JSON.stringify(declared)}, ${name}.prototype, ${JSON.stringify(member.key.value)});`);
    }
  }
  if (notes.length === 0) return '';
  return `\n;(function (r) { if (!r || typeof r.defineMetadata !== "function") return; ${notes.join(' ')} })(globalThis.Reflect);\n`;
}

function topLevelClasses(items: readonly ModuleItem[]): { name: string; members: readonly ClassMember[] }[] {
  const classes: { name: string; members: readonly ClassMember[] }[] = [];
  for (const item of items) {
    if (item.type === 'ClassDeclaration') classes.push({ name: item.identifier.value, members: item.body });
    else if (item.type === 'ExportDeclaration' && item.declaration.type === 'ClassDeclaration') {
      classes.push({ name: item.declaration.identifier.value, members: item.declaration.body });
    } else if (item.type === 'ExportDefaultDeclaration' && item.decl.type === 'ClassExpression' && item.decl.identifier) {
      classes.push({ name: item.decl.identifier.value, members: item.decl.body });
    }
  }
  return classes;
}

/** What is worth recording about a declared type, or undefined when its design type already tells all. */
function describe(type: TsType, aliases: ReadonlyMap<string, TsType>): DeclaredType | undefined {
  const alias = type.type === 'TsTypeReference' && type.typeName.type === 'Identifier' ? aliases.get(type.typeName.value) : undefined;
  if (alias) {
    const resolved = describe(alias, new Map());
    return resolved && { ...resolved, text: `${(type as { typeName: { value: string } }).typeName.value} = ${resolved.text}` };
  }
  const members = type.type === 'TsUnionType' ? type.types : [type];
  const texts = members.map(text);
  if (texts.some((t) => t === undefined)) return undefined;
  const nullable = members.some(isNullish);
  const includesNull = members.some((m) => m.type === 'TsKeywordType' && m.kind === 'null');
  const rest = members.filter((m) => !isNullish(m));
  const literals = rest.flatMap((m) => (m.type === 'TsLiteralType' && m.literal.type === 'StringLiteral' ? [m.literal.value] : []));
  const joined = texts.join(' | ');
  if (rest.length > 0 && literals.length === rest.length) return { text: joined, nullable, includesNull, literals };
  const base = rest.length === 1 ? BASES[texts[members.indexOf(rest[0]!)]!] : undefined;
  // `number` alone is emitted as Number: nothing to add. `number | null` is emitted as Object.
  if (base && nullable) return { text: joined, nullable, includesNull, base };
  return undefined;
}

function isNullish(type: TsType): boolean {
  return type.type === 'TsKeywordType' && (type.kind === 'null' || type.kind === 'undefined');
}

/** The source text of a simple type, or undefined for one this does not look into. */
function text(type: TsType): string | undefined {
  if (type.type === 'TsKeywordType') return type.kind;
  if (type.type === 'TsLiteralType' && type.literal.type === 'StringLiteral') return `'${type.literal.value.replace(/'/g, "\\'")}'`;
  if (type.type === 'TsTypeReference' && type.typeName.type === 'Identifier' && !type.typeParams) return type.typeName.value;
  return undefined;
}
