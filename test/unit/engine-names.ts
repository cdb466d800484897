import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/**
 * The check behind "only the engine folders and the registry name an engine" (docs/architecture.md): what a file
 * outside `src/dialects/<engine>/` says in code that names an engine or reaches into an engine's folder.
 */

/** The engine folders under src/dialects/, where naming an engine is the point. */
export const ENGINE_FOLDERS = ['postgres', 'sqlite', 'mysql'] as const;

/**
 * Engine and driver names, in identifiers, string and template literals, regular expressions and property names:
 * `postgres`, `PostgreSQL`, `sqlite3`, `isSqliteDriver`, `better-sqlite3`, `node:sqlite`, `mysql2`, `MariaDB`, the
 * `pg` driver (as a word of its own, or a catalog's `pg_` prefix). Comments are not code: they may cite an engine
 * to explain why (docs/architecture.md).
 */
export const ENGINE_WORDS = /postgres|sqlite|mysql|maria|(?<![A-Za-z0-9])pg(?![A-Za-z0-9])/i;

/** SQL words only one engine has, written as SQL is (upper case): `autoIncrement` is the model's, not SQLite's. */
export const ENGINE_SQL = /\bPRAGMA\b|\bAUTOINCREMENT\b/;

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/**
 * The violations in one file (`file` relative to the repository root, `text` its source): each code token naming
 * an engine, and each import, export or require of a module inside an engine folder.
 */
export function engineViolations(file: string, text: string): Violation[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Violation[] = [];
  const report = (node: ts.Node, what: string): void => {
    found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, what });
  };
  const visit = (node: ts.Node): void => {
    const word = tokenText(node);
    if (word !== undefined && (ENGINE_WORDS.test(word) || ENGINE_SQL.test(word))) report(node, `names an engine: ${JSON.stringify(word.length > 80 ? `${word.slice(0, 80)}…` : word)}`);
    const specifier = moduleSpecifier(node);
    if (specifier !== undefined && specifier.startsWith('.')) {
      const target = relative('.', join(dirname(file), specifier)).split('\\').join('/');
      const engine = ENGINE_FOLDERS.find((e) => target === `src/dialects/${e}` || target.startsWith(`src/dialects/${e}/`));
      if (engine) report(node, `imports from the ${engine} folder: '${specifier}'`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The text a node shows in code: an identifier's name or a literal's value (a template's literal parts). */
function tokenText(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isRegularExpressionLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return undefined;
}

/** The module an import, an export, a `require()` or an `import()` names. */
function moduleSpecifier(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) return node.moduleSpecifier.text;
  if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
    const callee = node.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) return (node.arguments[0] as ts.StringLiteral).text;
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) return node.argument.literal.text;
  return undefined;
}
