import { Column, CreatedAt, Orm, PrimaryKey, Table, Unique, UpdatedAt } from 'strata-orm';
import { BATCH, type Engine, type Seen, see, type StreamContender } from './contender';

@Table('users')
class User {
  @PrimaryKey({ type: 'integer' }) id!: number;
  @Column({ type: 'string', length: 100 }) name!: string;
  @Unique() @Column({ type: 'string' }) email!: string;
  @Column({ type: 'integer' }) age!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}

/** Strata as its docs show it: `for await (const user of users.stream({ where, batchSize }))`. */
export class StrataStream implements StreamContender {
  readonly name = 'strata';
  readonly engines = ['postgres', 'sqlite'] as const;
  private orm!: Orm;

  async open(_engine: Engine, url: string): Promise<void> {
    this.orm = await Orm.connect({ url, entities: [User] });
  }

  async stream(rows: number): Promise<Seen> {
    const seen = { rows: 0, checksum: 0, last: 0 };
    for await (const user of this.orm.repository(User).stream({ where: { id: { lte: rows } }, batchSize: BATCH })) see(seen, user.id, user.age);
    return seen;
  }

  async close(): Promise<void> {
    await this.orm.close();
  }
}
