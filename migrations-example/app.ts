// The blog: signs users up, gives them roles, writes posts, and reads it all back with include.
import { Orm, UniqueConstraintError } from 'strata-orm';
import { Post } from './entities/post';
import { Role } from './entities/role';
import { User } from './entities/user';
import { UserRole } from './entities/user-role';

export async function main(url?: string): Promise<void> {
  const orm = await Orm.connect({ url, entities: [User, Post, Role, UserRole] });
  try {
    const [alice, bob] = await orm.repository(User).insertMany([
      { username: 'alice', email: 'alice@example.com', age: 34 },
      { username: 'bob', email: 'bob@example.com' },
    ], { returning: true });
    console.log(`Signed up ${alice!.username} (#${alice!.id}) and ${bob!.username} (#${bob!.id}).`);

    await orm.transaction(async (tx) => {
      const [admin, author] = await tx.repository(Role).insertMany([{ name: 'admin' }, { name: 'author' }], { returning: true });
      await tx.repository(UserRole).insertMany([
        { userId: alice!.id, roleId: admin!.id }, { userId: alice!.id, roleId: author!.id }, { userId: bob!.id, roleId: author!.id },
      ]);
      await tx.repository(Post).insertMany([
        { title: 'Hello, world', content: 'The first post.', userId: alice!.id },
        { title: 'Second thoughts', content: 'On second thought…', userId: alice!.id },
        { title: 'Bob was here', content: 'Hi!', userId: bob!.id },
      ]);
    });

    try {
      await orm.repository(User).insert({ username: 'alice', email: 'another@example.com' });
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
      console.log(`Refused a second alice: ${error.properties?.join(', ')} must be unique.`);
    }

    const users = await orm.repository(User).find({
      orderBy: { username: 'asc' },
      include: { posts: { orderBy: { id: 'asc' } }, roles: { orderBy: { name: 'asc' } } },
    });
    for (const user of users) {
      console.log(`${user.username} (${user.roles!.map((r) => r.name).join(', ')}) wrote ${user.posts!.length} post(s): ${user.posts!.map((p) => p.title).join('; ')}`);
    }

    const posts = await orm.repository(Post).find({ where: { title: { like: '%o%' } }, orderBy: { title: 'asc' }, include: { user: true } });
    console.log(`Posts with an "o": ${posts.map((p) => `"${p.title}" by ${p.user!.username}`).join(', ')}`);
    console.log(`Users aged 30 or more: ${(await orm.repository(User).find({ where: { age: { gte: 30 } } })).map((u) => u.username).join(', ')}`);
  } finally {
    await orm.close();
  }
}
