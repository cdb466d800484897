import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand } from '../command';
import { docsPath } from '../docs-path';
import { EXIT } from '../exit-codes';
import { UsageError } from '../failure';
import { loader, strata } from '../strata';

/**
 * The configuration file, without a url: the default SQLite file (`url`, named in the comment) serves in development,
 * and under NODE_ENV=production a missing DATABASE_URL is refused rather than met with that file.
 */
const config = (url: string): string => `import { defineConfig } from 'strata-orm';

export default defineConfig({
  // The database: --url, then DATABASE_URL, then a url here, e.g. url: '<engine>://user:password@localhost:<port>/app'
  // (see docs/dialects.md). With none, ${url} beside this file, but not under NODE_ENV=production: there, set one.
  entities: ['entities/**/*.ts'],
  migrations: { dir: 'migrations' },
});
`;

const ENTITY = `import { Column, CreatedAt, Defaults, PrimaryKey, Table, Unique } from 'strata-orm';

@Table('users')
export class User {
  declare [Defaults]?: 'id' | 'createdAt';
  @PrimaryKey() id!: number;
  @Unique() @Column() email!: string;
  @Column({ type: 'string', nullable: true }) name!: string | null;
  @CreatedAt() createdAt!: Date;
}
`;

/** The same entity for standard decorators, which carry no type information: every column states its type. */
const ENTITY_STANDARD = `import { Column, CreatedAt, Defaults, PrimaryKey, Table, Unique } from 'strata-orm';

@Table('users')
export class User {
  declare [Defaults]?: 'id' | 'createdAt';
  @PrimaryKey({ type: 'integer' }) id!: number;
  @Unique() @Column({ type: 'string' }) email!: string;
  @Column({ type: 'string', nullable: true }) name!: string | null;
  @CreatedAt() createdAt!: Date;
}
`;

/**
 * A tsconfig for Node in CommonJS and ESM packages alike (`nodenext` follows package.json's "type"), under
 * which TypeScript 5, 6 and 7 all resolve the package's subpaths (strata-orm/testing); \`tsc\` writes to dist/,
 * never beside the sources the CLI loads; "types" because TypeScript 6 no longer includes @types on its own.
 */
const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "nodenext",
    "rootDir": ".",
    "outDir": "dist",
    "types": ["node"],
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "experimentalDecorators": true,
    "emitDecoratorMetadata": true
  },
  "exclude": ["node_modules", "dist"]
}
`;

export const init = defineCommand({
  command: 'init',
  describe: 'Write orm.config.ts, entities/ and migrations/ in a new project',
  builder: (y) => y,
  run: async (_args, output) => {
    const cwd = process.cwd();
    const existing = strata().CONFIG_FILES.find((f) => existsSync(join(cwd, f)));
    if (existing) throw new UsageError(`This project already has ${existing}; nothing was written. Edit it, or run \`orm init\` in a new directory.`);
    const written: string[] = [];
    const write = (path: string, text: string): void => {
      if (existsSync(join(cwd, path))) return;
      writeFileSync(join(cwd, path), text);
      written.push(path);
    };
    write('tsconfig.json', TSCONFIG);
    const decorators = loader().decoratorSettings(cwd);
    write('orm.config.ts', config(strata().DEFAULT_URL));
    mkdirSync(join(cwd, 'entities'), { recursive: true });
    write('entities/user.ts', decorators.legacy && decorators.metadata ? ENTITY : ENTITY_STANDARD);
    mkdirSync(join(cwd, 'migrations'), { recursive: true });
    write('migrations/.gitkeep', '');
    for (const file of written) output.line(`  ${output.paint('green', 'created')} ${file}`);
    const warnings = !decorators.legacy || !decorators.metadata
      ? [`tsconfig.json does not turn on experimentalDecorators and emitDecoratorMetadata, so every @Column states its type (as entities/user.ts does). See ${docsPath('entities.md')}.`]
      : [];
    for (const warning of warnings) output.warn(warning);
    output.line('Next: `npm install -D typescript @types/node` if the project has no TypeScript yet; then `orm migrate:generate --name init` and `orm db:migrate`.');
    output.document({ ok: true, written, warnings });
    return EXIT.ok;
  },
});
