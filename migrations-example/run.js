// `npm run example`: resets the example's database through the orm CLI, shows the migration status,
// then runs the app. DATABASE_URL chooses the database (default: sqlite:./dev.sqlite3, next to this file).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const orm = join(__dirname, '..', 'dist', 'cli', 'main.js');
for (const args of [['db:reset'], ['migrate:status']]) {
  console.log(`$ orm ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [orm, ...args], { cwd: __dirname, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

require('strata-orm/loader').registerTypeScript();
const { loadConfig } = require('strata-orm');
console.log('$ node app.ts');
loadConfig({ cwd: __dirname })
  .then((config) => require('./app.ts').main(config.connection.url))
  .catch((error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
