import { findTarget } from '../../src/migrator/target';

const NAMES = ['20260101000000-init', '20260102000000-add-index', '20260103000000-add-users', '20260104000000-add-index'];

describe('--to names a migration', () => {
  it.each([
    ['its full name', '20260103000000-add-users', 2],
    ['its file name', '20260103000000-add-users.ts', 2],
    ['its timestamp alone', '20260102000000', 1],
    ['its name without the timestamp', 'add-users', 2],
    ['that name in other words', 'Add Users', 2],
    ['a plain name, for the first migration', 'init', 0],
  ])('by %s', (_how, to, index) => {
    expect(findTarget(to, NAMES, 'pending')).toBe(index);
  });

  it('lists the migrations a name without its timestamp matches, when it matches several', () => {
    expect(() => findTarget('add-index', NAMES, 'applied')).toThrow(
      '--to add-index matches 2 applied migrations: 20260102000000-add-index, 20260104000000-add-index. Give the full name of the one you mean.',
    );
    expect(findTarget('20260104000000-add-index', NAMES, 'applied')).toBe(3);
  });

  it('lists the candidates, in order, when nothing matches', () => {
    expect(() => findTarget('add-posts', [...NAMES].reverse(), 'applied')).toThrow(`--to add-posts is not an applied migration; applied: ${NAMES.join(', ')}.`);
    expect(() => findTarget('nope', [], 'pending')).toThrow('--to nope is not a pending migration; pending: none.');
  });
});
