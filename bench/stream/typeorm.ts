import 'reflect-metadata';
import { Column, CreateDateColumn, DataSource, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { type Engine, type Seen, see, splitSchema, type StreamContender } from './contender';

@Entity('users')
class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 255, unique: true }) email!: string;
  @Column({ type: 'integer' }) age!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreateDateColumn({ name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt!: Date;
}

/**
 * TypeORM's streaming, `createQueryBuilder(...).stream()`: raw rows (`u_id`, `u_age`, …), not entities, read
 * through pg-query-stream (its default batch of 100 rows). PostgreSQL only: TypeORM's SQLite drivers throw
 * "Stream is not supported by sqlite driver".
 */
export class TypeOrmStream implements StreamContender {
  readonly name = 'typeorm .stream()';
  readonly engines = ['postgres'] as const;
  private dataSource?: DataSource;

  async open(_engine: Engine, url: string): Promise<void> {
    const { url: plain, schema } = splitSchema(url);
    this.dataSource = new DataSource({ type: 'postgres', url: plain, schema, entities: [User], synchronize: false, logging: false });
    await this.dataSource.initialize();
  }

  async stream(rows: number): Promise<Seen> {
    const seen = { rows: 0, checksum: 0, last: 0 };
    const stream = await this.dataSource!.getRepository(User).createQueryBuilder('u').where('u.id <= :rows', { rows }).orderBy('u.id').stream();
    for await (const row of stream) see(seen, row.u_id as number, row.u_age as number);
    return seen;
  }

  async close(): Promise<void> {
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
  }
}
