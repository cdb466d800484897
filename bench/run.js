// Runs a TypeScript benchmark with the package's own loader: `node bench/run.js [benchmark]` (default: runtime).
// bench/ is a package of its own (the ORMs compared with Strata, and strata-orm linked from ..): it is installed
// on the first run.
const { existsSync, readdirSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const available = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && f !== 'support.ts').map((f) => f.slice(0, -3));
const name = process.argv[2] ?? 'runtime';
if (!available.includes(name)) {
  console.error(`Unknown benchmark "${name}". Available: ${available.join(', ')}. Usage: node bench/run.js [benchmark]`);
  process.exit(2);
}
if (!existsSync(join(__dirname, '..', 'dist', 'src', 'index.js'))) {
  console.error('Strata is not built: run `npm run build` first (`npm run bench` does).');
  process.exit(2);
}
if (!existsSync(join(__dirname, 'node_modules', 'strata-orm'))) {
  console.error('Installing the benchmark packages (npm --prefix bench ci)…');
  const npm = spawnSync('npm', ['--prefix', __dirname, 'ci', '--no-audit', '--no-fund'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (npm.status !== 0) process.exit(npm.status ?? 1);
}
// Prisma's client is generated from bench/prisma/schema.prisma (see bench/README.md); when that fails, the
// runtime benchmark skips Prisma and says why.
if (!existsSync(join(__dirname, 'prisma', 'generated', 'client.ts')) && existsSync(join(__dirname, 'node_modules', 'prisma'))) {
  spawnSync('npm', ['--prefix', __dirname, 'run', 'prisma:generate'], { stdio: 'inherit', shell: process.platform === 'win32' });
}
require('strata-orm/loader').registerTypeScript();
require(join(__dirname, `${name}.ts`));
