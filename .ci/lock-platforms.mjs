// Completes package-lock.json with records for platform-specific optional packages (other
// operating systems and CPUs) that this workplace's npm registry does not serve, so `npm ci`
// accepts the lock everywhere; npm skips them on an os/cpu mismatch. npm leaves them out of a
// lock it writes here, so run this after every `npm install` that changes the lock:
//   node .ci/lock-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const pk = lock.packages;
const OS = ['android', 'darwin', 'freebsd', 'linux', 'win32', 'openbsd', 'openharmony', 'aix', 'sunos', 'netbsd'];
const CPU = ['x64', 'arm64', 'arm', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];

let added = 0;
for (const [at, rec] of Object.entries({ ...pk })) {
  for (const [dep, version] of Object.entries(rec.optionalDependencies ?? {})) {
    const nested = `${at ? `${at}/` : ''}node_modules/${dep}`;
    if (pk[`node_modules/${dep}`] || pk[nested]) continue;
    const parts = dep.split('/').pop().split('-');
    const os = parts.find((p) => OS.includes(p));
    const cpu = os && parts.slice(parts.indexOf(os) + 1).find((p) => CPU.includes(p));
    if (!os || !cpu) continue; // not a platform package: leave it to npm
    const tail = parts.slice(parts.indexOf(os) + 1).join('-');
    const entry = { version, cpu: [cpu], optional: true, os: [os] };
    if (/musl/.test(tail)) entry.libc = ['musl'];
    else if (/gnu/.test(tail)) entry.libc = ['glibc'];
    pk[`node_modules/${dep}`] = entry;
    added++;
  }
}
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-platforms: added ${added} platform records`);
