import type { QueryContext } from '../../src/runtime/query-context';
import { isConnectionFailure, type Replica, Replicas } from '../../src/runtime/replicas';

// The routing of reads among replicas, apart from any server: which context each read gets.
describe('Replicas', () => {
  const context = (name: string) => ({ name }) as unknown as QueryContext;
  const replica = (name: string): Replica => ({ knex: {} as Replica['knex'], context: context(name), display: name, downUntil: 0 });
  const primary = context('primary');
  const nameOf = async (c: QueryContext) => (c as unknown as { name: string }).name;

  it('takes the replicas in turn', async () => {
    const replicas = new Replicas([replica('a'), replica('b'), replica('c')]);
    const used = [];
    for (let i = 0; i < 5; i++) used.push(await replicas.read(primary, nameOf));
    expect(used).toEqual(['a', 'b', 'c', 'a', 'b']);
  });

  it('leaves out a replica that failed to connect, reading that one from the primary', async () => {
    const warnings: string[] = [];
    const replicas = new Replicas([replica('a'), replica('b')], (w) => warnings.push(w));
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const read = async (c: QueryContext) => {
      if ((await nameOf(c)) === 'a') throw new Error('select 1 - failed', { cause: refused });
      return nameOf(c);
    };
    const used = [];
    for (let i = 0; i < 4; i++) used.push(await replicas.read(primary, read));
    expect(used).toEqual(['primary', 'b', 'b', 'b']);
    expect(warnings).toEqual(['strata-orm: the read replica a did not answer (select 1 - failed); reading from the primary, and trying the replica again in 10 s.']);
  });

  it('passes on an error of the query itself, without falling back', async () => {
    const replicas = new Replicas([replica('a')], () => undefined);
    const syntax = Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' });
    await expect(replicas.read(primary, () => Promise.reject(syntax))).rejects.toBe(syntax);
    expect(isConnectionFailure(syntax)).toBe(false);
    expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
  });
});
