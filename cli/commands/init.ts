import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import { UsageError } from '../failure';
import { strata } from '../strata';

const CONFIG = `import { defineConfig } from 'strata-orm';

export default defineConfig({
  // DATABASE_URL and --url win over this. For PostgreSQL: postgres://user:password@localhost:5432/app
  url: 'sqlite:./dev.sqlite3',
  entities: ['entities/**/*.ts'],
  migrations: { dir: 'migrations' },
});
`;

const ENTITY = `import { Column, CreatedAt, PrimaryKey, Table, Unique } from 'strata-orm';

@Table('users')
export class User {
  @PrimaryKey() id!: number;
  @Unique() @Column() email!: string;
  @Column({ type: 'string', nullable: true }) name!: string | null;
  @CreatedAt() createdAt!: Date;
}
`;

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "experimentalDecorators": true,
    "emitDecoratorMetadata": true
  }
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
    write('orm.config.ts', CONFIG);
    mkdirSync(join(cwd, 'entities'), { recursive: true });
    write('entities/user.ts', ENTITY);
    mkdirSync(join(cwd, 'migrations'), { recursive: true });
    write('migrations/.gitkeep', '');
    write('tsconfig.json', TSCONFIG);
    for (const file of written) output.line(`  ${output.paint('green', 'created')} ${file}`);
    const tsconfig = readFileSync(join(cwd, 'tsconfig.json'), 'utf8');
    if (!written.includes('tsconfig.json') && !/"experimentalDecorators"\s*:\s*true/.test(tsconfig)) {
      output.warn('tsconfig.json does not turn on experimentalDecorators and emitDecoratorMetadata, so every @Column needs an explicit type. See docs/entities.md.');
    }
    output.line('Next: `orm migrate:generate --name init`, then `orm db:migrate`.');
    output.document({ ok: true, written });
    return EXIT.ok;
  },
});
