import { declaredTypeNotes } from '../../src/config/declared-types';

/** Runs the notes for a source against stand-in classes; returns what they record, as `Class.property`. */
function recorded(source: string, classes: string[]): Record<string, unknown> {
  const notes = declaredTypeNotes(source, '/project/entities/post.ts');
  const out: Record<string, unknown> = {};
  const fake = { Reflect: { defineMetadata: (key: string, value: unknown, target: { constructor: { name: string } }, property: string) => {
    expect(key).toBe('strata:declared-type');
    out[`${target.constructor.name}.${property}`] = value;
  } } };
  const stand = classes.map((name) => ({ [name]: class {} })[name]!);
  new Function('globalThis', ...classes, notes)(fake, ...stand.map((c, i) => Object.defineProperty(c, 'name', { value: classes[i] })));
  return out;
}

describe("the TypeScript loader records declared types that TypeScript's design type gets wrong", () => {
  it('records unions of string literals, through a type alias too, and unions with null or undefined', () => {
    const source = `import { Column, Table } from 'strata-orm';
type Status = 'open' | 'done';
export type Level = 'low' | "high";
@Table('posts')
export class Post {
  @Column() kind!: 'draft' | 'published';
  @Column() status!: Status;
  @Column({ nullable: true }) level?: Level | null;
  @Column({ nullable: true }) age!: number | null;
  @Column({ nullable: true }) seenAt?: Date | undefined;
  @Column() only!: 'one';
}
`;
    expect(recorded(source, ['Post'])).toEqual({
      'Post.kind': { text: "'draft' | 'published'", nullable: false, includesNull: false, literals: ['draft', 'published'] },
      'Post.status': { text: "Status = 'open' | 'done'", nullable: false, includesNull: false, literals: ['open', 'done'] },
      'Post.only': { text: "'one'", nullable: false, includesNull: false, literals: ['one'] },
      'Post.age': { text: 'number | null', nullable: true, includesNull: true, base: 'integer' },
      'Post.seenAt': { text: 'Date | undefined', nullable: true, includesNull: false, base: 'datetime' },
    });
  });

  it('leaves alone what the design type tells, what is not decorated, statics, and classes not at the top level', () => {
    const source = `@Table('posts')
export default class Post {
  @Column() title!: string;
  @Column() count!: number;
  @Column() mixed!: string | number;
  @Column() when!: Date;
  plain!: 'a' | 'b';
  @Column() static kind: 'a' | 'b';
  @Column() level!: Level | null;
}
function make() {
  class Inner { @Column() kind!: 'a' | 'b'; }
  return Inner;
}
`;
    expect(recorded(source, ['Post'])).toEqual({});
  });

  it('records for a default-exported class, and skips files without decorators unparsed', () => {
    expect(recorded("@Table() export default class Tag { @Column() kind!: 'a' | 'b'; }", ['Tag'])).toEqual({
      'Tag.kind': { text: "'a' | 'b'", nullable: false, includesNull: false, literals: ['a', 'b'] },
    });
    expect(declaredTypeNotes("export const kind: 'a' | 'b' = 'a';\nexport async function up() {}\n", '/project/migrations/x.ts')).toBe('');
    expect(declaredTypeNotes('@Table( class {', '/project/entities/broken.ts')).toBe('');
  });
});
