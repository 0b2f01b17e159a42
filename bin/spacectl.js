#!/usr/bin/env node
// Kept tiny: `--version` answers without loading the CLI; everything else goes through main().
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/spacectl.js');
  process.exitCode = await main(argv);
}
