// The process one contender of the runtime benchmark runs in (harness.ts forks it): the package's TypeScript
// loader, then worker.ts.
require('strata-orm/loader').registerTypeScript();
require('./worker.ts');
