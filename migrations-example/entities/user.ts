import { BelongsToMany, Column, CreatedAt, Defaults, HasMany, PrimaryKey, type Relation, Table, Unique } from 'strata-orm';
import { Post } from './post';
import { Role } from './role';
import { UserRole } from './user-role';

@Table('users')
export class User {
  declare [Defaults]?: 'id' | 'createdAt';
  @PrimaryKey() id!: number;
  @Unique() @Column({ length: 50 }) username!: string;
  @Unique() @Column() email!: string;
  @Column({ type: 'integer', nullable: true }) age!: number | null;
  @CreatedAt() createdAt!: Date;
  @HasMany(() => Post) posts?: Relation<Post[]>;
  @BelongsToMany(() => Role, { through: () => UserRole }) roles?: Relation<Role[]>;
}
