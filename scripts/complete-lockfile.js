#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages npm could not record.
//
// The registry this project is installed from serves only this machine's platform binaries (a request for
// @swc/core-darwin-arm64 is a 404), so `npm install` leaves the other platforms' optional packages out of the
// lockfile, and `npm ci` then refuses the lockfile ("Missing: @swc/core-darwin-arm64@ from lock file").
// This adds an entry for each missing one, with the os/cpu/libc npm needs to skip it on other machines;
// without a download address, a machine of that platform fetches it from its registry by version.
// Run after changing dependencies: `npm install && node scripts/complete-lockfile.js [path/to/package-lock.json]`
// (the root lockfile by default; `bench/package-lock.json` for the benchmark's own dependencies).
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const path = process.argv[2] ?? join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = ['x64', 'arm64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32', 'mips64el'];

/** Platform constraints read off a package name such as `@swc/core-linux-arm64-musl`. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p)) ?? (parts.includes('arm') ? 'arm' : undefined);
  if (!os && !cpu) return undefined;
  const entry = {};
  if (os) entry.os = [os];
  if (cpu) entry.cpu = [cpu];
  if (os === 'linux' && parts.includes('musl')) entry.libc = ['musl'];
  else if (os === 'linux' && (parts.includes('gnu') || parts.includes('gnueabihf'))) entry.libc = ['glibc'];
  return entry;
}

let added = 0;
for (const [location, node] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(node.optionalDependencies ?? {})) {
    const base = location === '' ? '' : `${location}/`;
    const candidates = [`${base}node_modules/${name}`, `node_modules/${name}`];
    if (candidates.some((c) => packages[c])) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    packages[`node_modules/${name}`] = { version, optional: true, ...platform };
    added++;
  }
}

const sorted = { '': packages[''] };
for (const key of Object.keys(packages).filter((k) => k !== '').sort()) sorted[key] = packages[key];
lock.packages = sorted;
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`${path}: added ${added} platform-specific optional package(s)`);
