import 'reflect-metadata';
import {
  BelongsTo, BelongsToMany, Column, CreatedAt, type Decimal, Defaults, HasMany, HasOne, PrimaryKey, type Relation, Table, Unique, UpdatedAt,
} from 'strata-orm';

@Table('authors')
export class Author {
  declare [Defaults]?: 'id' | 'active' | 'kind' | 'balance' | 'createdAt' | 'updatedAt';
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) name!: string;
  @Unique() @Column() email!: string;
  @Column({ type: 'integer', nullable: true }) age!: number | null;
  @Column({ default: true }) active!: boolean;
  @Column({ type: 'enum', enum: ['admin', 'member'], default: 'member' }) kind!: 'admin' | 'member';
  @Column({ type: 'decimal', precision: 10, scale: 2, default: '0' }) balance!: Decimal;
  @Column({ type: 'bigint', nullable: true }) big!: bigint | null;
  @Column({ type: 'double', nullable: true }) rating!: number | null;
  @Column({ type: 'date', nullable: true }) born!: string | null;
  @Column({ type: 'time', nullable: true }) wakes!: string | null;
  @Column({ type: 'json', nullable: true }) prefs!: unknown;
  @Column({ type: 'binary', nullable: true }) avatar!: Buffer | null;
  @Column({ type: 'uuid', nullable: true }) token!: string | null;
  @Column({ type: 'datetime', nullable: true }) seenAt!: Date | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
  @HasMany(() => Post) posts?: Relation<Post[]>;
  @HasOne(() => Profile) profile?: Relation<Profile> | null;
  @BelongsToMany(() => Tag, { through: () => AuthorTag }) tags?: Relation<Tag[]>;

  /** A method, to show results are real instances. */
  greeting(): string {
    return `Hello, ${this.name}`;
  }
}

@Table('profiles')
export class Profile {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column({ type: 'text' }) bio!: string;
  @BelongsTo(() => Author, { onDelete: 'cascade' }) author?: Author;
  @Column() authorId!: number;
}

@Table('posts')
export class Post {
  declare [Defaults]?: 'id' | 'likes';
  @PrimaryKey() id!: number;
  @Column() title!: string;
  @Column({ default: 0 }) likes!: number;
  @BelongsTo(() => Author, { onDelete: 'cascade' }) author?: Author;
  @Column() authorId!: number;
  @HasMany(() => Comment) comments?: Relation<Comment[]>;
}

@Table('comments')
export class Comment {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column({ type: 'text' }) body!: string;
  @BelongsTo(() => Post, { onDelete: 'cascade' }) post?: Post;
  @Column() postId!: number;
}

@Table('tags')
export class Tag {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Unique() @Column() name!: string;
  @BelongsToMany(() => Author, { through: () => AuthorTag }) authors?: Relation<Author[]>;
}

@Table('author_tags')
export class AuthorTag {
  @PrimaryKey({ autoIncrement: false }) authorId!: number;
  @PrimaryKey({ autoIncrement: false }) tagId!: number;
}

/** A composite key and no relations. */
@Table('settings')
export class Setting {
  @PrimaryKey({ autoIncrement: false }) scope!: number;
  @PrimaryKey() key!: string;
  @Column({ type: 'text', nullable: true }) value!: string | null;
}

export const ENTITIES = [Author, Profile, Post, Comment, Tag, AuthorTag, Setting];
