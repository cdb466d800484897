/** `userId` → `user_id`, `HTTPServer` → `http_server`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

/** `user_id` → `userId`. */
export function camelCase(name: string): string {
  return name.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `user_roles` → `UserRoles`. */
export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * A camelCase name starting in lower case, a leading acronym in lower case as a whole: `HTTPRequests` →
 * `httpRequests`, `Users` → `users`, `ID` → `id`, `HTTP2Server` → `http2Server`.
 */
export function lowerLeadingCapitals(name: string): string {
  return lowerFirst(name.replace(/^[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)/, (capitals) => capitals.toLowerCase()));
}

/** `display name` → `display_name`: what a TypeScript name cannot hold becomes a break between words. */
export function words(name: string): string {
  return name.replace(/[^\p{ID_Continue}$]+/gu, '_');
}

/**
 * A name TypeScript takes as it is: one that cannot start a name (`2fa`) gets a `_` before it, an empty one (or one
 * of underscores alone) `fallback`.
 */
export function identifier(name: string, fallback: string): string {
  if (name === '' || /^_*$/.test(name)) return fallback;
  return /^[\p{ID_Start}$_]/u.test(name) ? name : `_${name}`;
}

const IRREGULAR: Record<string, string> = {
  person: 'people', child: 'children', man: 'men', woman: 'women', mouse: 'mice', goose: 'geese',
};
const UNCOUNTABLE = new Set(['data', 'information', 'equipment', 'news', 'series', 'species', 'metadata']);

/** English plural of the last word of a snake_case name: `category` → `categories`, `user_role` → `user_roles`. */
export function pluralize(name: string): string {
  const match = /^(.*?)([a-z0-9]+)$/i.exec(name);
  if (!match) return name;
  const [, head, word] = match as unknown as [string, string, string];
  const lower = word.toLowerCase();
  if (UNCOUNTABLE.has(lower)) return name;
  if (IRREGULAR[lower]) return head + IRREGULAR[lower];
  if (Object.values(IRREGULAR).includes(lower) || isRegularPlural(lower)) return name;
  if (/[^aeiou]y$/.test(lower)) return head + word.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(lower)) return head + word + 'es';
  return head + word + 's';
}

function isRegularPlural(word: string): boolean {
  return word.endsWith('s') && !/(ss|us|is)$/.test(word);
}

/** English singular of the last word of a snake_case name, the inverse of {@link pluralize} for regular words. */
export function singularize(name: string): string {
  const match = /^(.*?)([a-z0-9]+)$/i.exec(name);
  if (!match) return name;
  const [, head, word] = match as unknown as [string, string, string];
  const lower = word.toLowerCase();
  if (UNCOUNTABLE.has(lower)) return name;
  const irregular = Object.entries(IRREGULAR).find(([, plural]) => plural === lower);
  if (irregular) return head + irregular[0];
  if (/[^aeiou]ies$/.test(lower)) return head + word.slice(0, -3) + 'y';
  if (/(ss|us|x|z|ch|sh)es$/.test(lower)) return head + word.slice(0, -2);
  if (lower.endsWith('ss') || lower.endsWith('us')) return name;
  if (lower.endsWith('s')) return head + word.slice(0, -1);
  return name;
}
