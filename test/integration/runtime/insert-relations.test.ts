import 'reflect-metadata';
import { BelongsTo, Column, Defaults, HasOne, type Json, Orm, PrimaryKey, QueryError, type Relation, Table } from 'strata-orm';
import { reset_db } from 'strata-orm/testing';
import { describeEachDialect } from '../../helpers/dialects';
import { Author, ENTITIES, Post } from './entities';

interface Settings { theme: 'light' | 'dark'; sizes: number[] }

@Table('members')
class Member {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column() email!: string;
  @Column({ type: 'json', nullable: true }) settings!: Json<Settings> | null;
  @HasOne(() => Badge) badge?: Relation<Badge> | null;
}

/** Foreign keys only through relations: no memberId or reviewerId property. */
@Table('notes')
class Note {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @Column({ type: 'text' }) body!: string;
  @BelongsTo(() => Member, { onDelete: 'cascade' }) member?: Member;
  @BelongsTo(() => Member, { nullable: true }) reviewer?: Member | null;
}

@Table('badges')
class Badge {
  declare [Defaults]?: 'id';
  @PrimaryKey() id!: number;
  @BelongsTo(() => Member, { onDelete: 'cascade' }) member?: Member;
}

describeEachDialect('insert with relations for foreign keys', (db) => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await Orm.connect({ url: db().url, entities: [...ENTITIES, Member, Note, Badge] });
  });
  beforeEach(() => reset_db(orm));
  afterAll(() => orm?.close());
  const notesOf = async () => (await orm.knex('notes').orderBy('id').select('body', 'member_id', 'reviewer_id'))
    .map((r: { body: string; member_id: unknown; reviewer_id: unknown }) => [r.body, Number(r.member_id), r.reviewer_id === null ? null : Number(r.reviewer_id)]);

  it('sets an implicit foreign key from the entity, an object with its key, or null', async () => {
    const ann = await orm.repository(Member).insert({ email: 'ann@x.io', settings: { theme: 'dark', sizes: [1, 2] } });
    const bob = await orm.repository(Member).insert({ email: 'bob@x.io', settings: null });
    await orm.repository(Note).insert({ body: 'one', member: ann });
    await orm.repository(Note).insert({ body: 'two', member: { id: bob.id }, reviewer: ann });
    await orm.repository(Note).insertMany([{ body: 'three', member: ann, reviewer: null }, { body: 'four', member: bob }]);
    expect(await notesOf()).toEqual([['one', ann.id, null], ['two', bob.id, ann.id], ['three', ann.id, null], ['four', bob.id, null]]);
    const read = await orm.repository(Note).find({ where: { reviewer: { is: { email: 'ann@x.io' } } }, include: { member: true } });
    expect(read.map((n) => [n.body, n.member.email])).toEqual([['two', 'bob@x.io']]);
    expect((await orm.repository(Member).findById(ann.id))?.settings).toEqual({ theme: 'dark', sizes: [1, 2] });
  });

  it('sets a declared foreign key from its relation', async () => {
    const author = await orm.repository(Author).insert({ name: 'Ann', email: 'ann@x.io' });
    const post = await orm.repository(Post).insert({ title: 't', author });
    expect(post.authorId).toBe(author.id);
    expect(await orm.repository(Post).count({ where: { authorId: author.id } })).toBe(1);
  });

  it('refuses a relation without its key, both the relation and its key, a HasOne, and a value that is not an entity', async () => {
    const ann = await orm.repository(Member).insert({ email: 'ann@x.io', settings: null });
    const insert = (row: object) => orm.repository(Note).insert(row as { body: string; member: Member });
    await expect(insert({ body: 'x', member: { email: 'ann@x.io' } })).rejects.toThrow(
      new QueryError('Note.member takes a Member, an object with its id, or null, to set Note.memberId; got an object ({"email":"ann@x.io"}) (in insert).'),
    );
    await expect(insert({ body: 'x', member: 5 })).rejects.toThrow(/^Note\.member takes a Member, an object with its id, or null, to set Note\.memberId; got the number 5 \(in insert\)\.$/);
    await expect(insert({ body: 'x', member: ann, memberId: ann.id })).rejects.toThrow(
      new QueryError('insert on Note gives both memberId and member, which set the same foreign key; give one.'),
    );
    await expect(orm.repository(Member).insert({ email: 'x', settings: null, badge: { id: 1 } } as { email: string; settings: null })).rejects.toThrow(
      new QueryError('Member.badge is a @HasOne relation, whose foreign key Badge.memberId is on the other side (in insert); insert the Badge with its memberId instead.'),
    );
    expect(await orm.repository(Note).count()).toBe(0);
  });
});
