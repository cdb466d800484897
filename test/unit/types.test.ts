import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { typeCheckFiles } from '../helpers/type-check';

// The type-level tests (test/types/*.ts): each file must compile, every @ts-expect-error meeting its error.
describe('the public types', () => {
  const dir = join(__dirname, '../types');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))('%s compiles, with every expected error', (file) => {
    expect(typeCheckFiles([join(dir, file)], { types: ['node', 'jest'] })).toEqual([]);
  });
});
