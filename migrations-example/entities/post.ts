import { BelongsTo, Column, CreatedAt, Defaults, Index, PrimaryKey, type Relation, Table } from 'strata-orm';
import { User } from './user';

@Table('posts')
@Index(['userId', 'createdAt'])
export class Post {
  declare [Defaults]?: 'id' | 'createdAt';
  @PrimaryKey() id!: number;
  @Column({ length: 200 }) title!: string;
  @Column({ type: 'text', renamedFrom: 'body' }) content!: string;
  @BelongsTo(() => User, { onDelete: 'cascade' }) user?: Relation<User>;
  @Column() userId!: number;
  @CreatedAt() createdAt!: Date;
}
