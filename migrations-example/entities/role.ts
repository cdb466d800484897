import { BelongsToMany, Column, Defaults, PrimaryKey, type Relation, Table, Unique } from 'strata-orm';
import { User } from './user';
import { UserRole } from './user-role';

@Table('roles')
export class Role {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Unique() @Column({ length: 50 }) name!: string;
  @BelongsToMany(() => User, { through: () => UserRole }) users?: Relation<User[]>;
}
