/** `2026-11-22T09:05:03Z` + `add users` → `20261122090503-add-users` (UTC, so every machine agrees). */
export function migrationBaseName(now: Date, name: string): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const stamp = `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}` +
    `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${stamp}-${kebabName(name)}`;
}

/** `Add Users!` → `add-users`; an empty result is refused by {@link validateMigrationName}. */
export function kebabName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Why a migration name cannot be used, or undefined when it can. */
export function validateMigrationName(name: string): string | undefined {
  if (/[\\/]/.test(name)) return `The migration name "${name}" contains a path separator; give a plain name such as "add-users" (files always go to the migrations directory).`;
  if (kebabName(name) === '') return `The migration name "${name}" has no letters or digits; give a name such as "add-users".`;
  return undefined;
}
