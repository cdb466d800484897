import knexFactory, { type Knex } from 'knex';
import type { EntityClass } from '../decorators/options';
import type { Dialect } from '../dialects';
import { MetadataRegistry } from '../metadata/registry';
import { desiredSchema } from '../dialects/desired-schema';
import type { Schema } from '../schema/model';
import { type ConnectionOptions, resolveConnection } from './knex-config';
import { resetDatabase } from './reset-db';
import { verifyConnection } from './verify-connection';

export interface OrmOptions extends ConnectionOptions {
  /** The entity classes this Orm works with. */
  entities: readonly EntityClass[];
}

/** A connection to one database, with the entities it maps. Create it with {@link Orm.connect}. */
export class Orm {
  /** The schema the entities describe, normalized for this engine. */
  readonly schema: Schema;

  private constructor(
    /** The knex instance, for raw queries and anything Strata does not cover. */
    readonly knex: Knex,
    readonly dialect: Dialect,
    readonly metadata: MetadataRegistry,
  ) {
    this.schema = desiredSchema(dialect, metadata.entities);
  }

  /**
   * Validates the entities, connects, and checks that the database answers.
   * @throws EntityDefinitionError naming each bad class or property; ConfigError for a bad URL;
   *         ConnectionError when the database cannot be reached.
   * @example const orm = await Orm.connect({ url: 'sqlite:./dev.sqlite3', entities: [User, Post] });
   */
  static async connect(options: OrmOptions): Promise<Orm> {
    const metadata = MetadataRegistry.build(options.entities ?? []);
    const { dialect, config, display } = resolveConnection(options);
    const knex = knexFactory(config);
    try {
      await verifyConnection(knex, display);
    } catch (error) {
      await knex.destroy();
      throw error;
    }
    return new Orm(knex, dialect, metadata);
  }

  /**
   * Makes the database hold exactly the entities' tables, all empty: cheap when the tables are already in
   * place (they are truncated), a rebuild otherwise. Meant for tests: `beforeEach(() => orm.resetDb())`.
   */
  async resetDb(): Promise<void> {
    await resetDatabase(this.knex, this.dialect, this.schema);
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await this.knex.destroy();
  }
}
