#!/usr/bin/env node
'use strict';
// Kept tiny and CommonJS, so `--version` answers without even starting Node's ESM loader.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // fs.writeSync, not process.stdout: constructing the stdout stream (for a pipe, loading `net`) costs ~10 ms.
  require('node:fs').writeSync(1, `${require('../package.json').version}\n`);
} else {
  import('../dist/spacectl.js')
    .then(({ main }) => main(argv))
    .then((code) => { process.exitCode = code; });
}
