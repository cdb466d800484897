import { ConfigError } from '../../config/errors';
import type { UrlReader } from '../target';

const EXAMPLE = 'postgres://user:password@host:5432/database';

/** `postgres://user:pass@host:5432/db?schema=app` and `postgresql://…`: pg takes the URL itself, without `schema`. */
export const postgresUrl: UrlReader = {
  schemes: ['postgres:', 'postgresql:'],
  example: EXAMPLE,
  read(text, display) {
    const parsed = new URL(text);
    if (!parsed.hostname && !parsed.searchParams.get('host')) {
      throw new ConfigError(`The database URL "${display}" names no host; expected ${EXAMPLE}.`);
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return { client: 'pg', connection: { connectionString: parsed.toString() }, searchPath: schema, display };
  },
};
