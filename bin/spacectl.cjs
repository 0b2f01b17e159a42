#!/usr/bin/env node
'use strict';
// Kept tiny and CommonJS, so `--version` answers without even starting Node's ESM loader.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // fs.writeSync, not process.stdout: constructing the stdout stream (for a pipe, loading `net`) costs ~10 ms.
  require('node:fs').writeSync(1, `${require('../package.json').version}\n`);
} else {
  enableCompileCache();
  import('../dist/spacectl.js')
    .then(({ main }) => main(argv))
    .then((code) => { process.exitCode = code; });
}

/**
 * Node ≥ 22.1 keeps V8's compiled code on disk between runs, so later starts skip parsing and compiling the
 * bundles; the cache lives in the user's cache directory. Node 20 has no enableCompileCache: nothing happens.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off (Node's own switch).
 */
function enableCompileCache() {
  const { enableCompileCache: enable } = require('node:module');
  if (typeof enable !== 'function') return;
  const env = process.env;
  const home = env.HOME || env.USERPROFILE;
  const base = env.XDG_CACHE_HOME
    || (process.platform === 'win32' ? env.LOCALAPPDATA : home && (process.platform === 'darwin' ? `${home}/Library/Caches` : `${home}/.cache`));
  if (base) enable(require('node:path').join(base, 'spacectl', 'compile-cache'));
}
