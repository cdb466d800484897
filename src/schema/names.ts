import { fitIdentifier, IDENTIFIER_LIMIT, truncateBytes } from '../util/identifier';

/**
 * The names Strata gives to constraints, indexes and enum types: readable, deterministic, and never
 * longer than the identifier limit. They follow knex's conventions so that hand-written knex code and
 * generated code agree.
 */

/** `users_pkey`: PostgreSQL's own choice for an inline primary key, so `t.increments()` matches it. */
export function primaryKeyName(table: string): string {
  return truncateBytes(table, IDENTIFIER_LIMIT - '_pkey'.length) + '_pkey';
}

/** `users_email_unique` */
export function uniqueName(table: string, columns: readonly string[]): string {
  return fitIdentifier(`${table}_${columns.join('_')}_unique`);
}

/** `posts_user_id_created_at_index` */
export function indexName(table: string, columns: readonly string[]): string {
  return fitIdentifier(`${table}_${columns.join('_')}_index`);
}

/** `posts_user_id_foreign` */
export function foreignKeyName(table: string, columns: readonly string[]): string {
  return fitIdentifier(`${table}_${columns.join('_')}_foreign`);
}

/** `users_kind_enum`: the suffix keeps it apart from table row types, which share PostgreSQL's type namespace. */
export function enumName(table: string, column: string): string {
  return fitIdentifier(`${table}_${column}_enum`);
}
