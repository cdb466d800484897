import { fitIdentifier, shortHash } from '../../src/util/identifier';
import { camelCase, identifier, lowerLeadingCapitals, pluralize, singularize, snakeCase, words } from '../../src/util/naming';
import { enumName, foreignKeyName, indexName, primaryKeyName, uniqueName } from '../../src/schema/names';

describe('naming', () => {
  it.each([['userId', 'user_id'], ['createdAt', 'created_at'], ['HTTPServer', 'http_server'], ['userID2', 'user_id2'], ['already_snake', 'already_snake']])(
    'snakeCase(%s) = %s', (input, output) => expect(snakeCase(input)).toBe(output));

  it.each([['user_id', 'userId'], ['created_at', 'createdAt']])('camelCase(%s) = %s', (input, output) => expect(camelCase(input)).toBe(output));

  it.each([
    ['user', 'users'], ['user_role', 'user_roles'], ['category', 'categories'], ['status', 'statuses'], ['address', 'addresses'],
    ['box', 'boxes'], ['person', 'people'], ['day', 'days'], ['users', 'users'], ['news', 'news'], ['child', 'children'],
  ])('pluralize(%s) = %s, and back', (singular, plural) => {
    expect(pluralize(singular)).toBe(plural);
    if (singular !== plural) expect(singularize(plural)).toBe(singular);
  });

  it.each([
    ['display name', 'display_name'], ['order  items', 'order_items'], ['user-id', 'user_id'], ['a.b', 'a_b'], ['area m²', 'area_m_'],
    ['2fa_codes', '2fa_codes'], ['$price', '$price'], ['Größe', 'Größe'], ['naïve café', 'naïve_café'], ['日本語 名前', '日本語_名前'],
    ['  ', '_'], ['', ''],
  ])('words(%j) = %j', (input, output) => expect(words(input)).toBe(output));

  it.each([
    ['order', 'order'], ['2fa', '_2fa'], ['٣x', '_٣x'], ['_2', '_2'], ['_x', '_x'], ['$x', '$x'], ['été', 'été'], ['日本', '日本'],
    ['', 'fallback'], ['_', 'fallback'], ['___', 'fallback'],
  ])('identifier(%j) = %j', (input, output) => expect(identifier(input, 'fallback')).toBe(output));

  it.each([
    ['HTTPRequests', 'httpRequests'], ['IOError', 'ioError'], ['HTTP2Server', 'http2Server'], ['USERS', 'users'], ['ID', 'id'],
    ['Users', 'users'], ['A', 'a'], ['Ärzte', 'ärzte'], ['userProfiles', 'userProfiles'], ['_2fa', '_2fa'], ['', ''],
  ])('lowerLeadingCapitals(%j) = %j', (input, output) => expect(lowerLeadingCapitals(input)).toBe(output));

  it('make a TypeScript name of any column name, as entity:generate does', () => {
    const property = (column: string): string => identifier(camelCase(words(column)), 'column');
    expect(['display name', '2nd code', 'area m²', 'größe_in_cm', ' ', '!!'].map(property)).toEqual(['displayName', '_2ndCode', 'areaM_', 'größeInCm', 'column', 'column']);
  });
});

describe('generated names', () => {
  it('follow knex conventions', () => {
    expect(primaryKeyName('users')).toBe('users_pkey');
    expect(uniqueName('users', ['email'])).toBe('users_email_unique');
    expect(indexName('posts', ['user_id', 'created_at'])).toBe('posts_user_id_created_at_index');
    expect(foreignKeyName('posts', ['user_id'])).toBe('posts_user_id_foreign');
    expect(enumName('users', 'kind')).toBe('users_kind_enum');
  });

  it('are cut to 63 bytes deterministically, keeping names that share a prefix apart', () => {
    const a = indexName('t'.repeat(50), ['first_long_column', 'second']);
    const b = indexName('t'.repeat(50), ['first_long_column', 'third']);
    expect(Buffer.byteLength(a)).toBe(63);
    expect(a).not.toBe(b);
    expect(a).toBe(indexName('t'.repeat(50), ['first_long_column', 'second']));
    expect(a).toMatch(/^t{50}_fir_[0-9a-f]{8}$/);
  });

  it('never split a multi-byte character', () => {
    const name = fitIdentifier('é'.repeat(40));
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^é+_[0-9a-f]{8}$/);
  });

  it('cut primary key names the way PostgreSQL does', () => {
    expect(primaryKeyName('x'.repeat(62))).toBe('x'.repeat(58) + '_pkey');
  });

  it('hash stably', () => {
    expect(shortHash('abc')).toBe('1a47e90b');
  });
});
