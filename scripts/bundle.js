#!/usr/bin/env node
// Start-up is a feature: `spacectl --help` must cost little more than `node -e 0`. Loading commander (7 CJS
// files) and a dozen tiny ESM modules one by one is most of that cost, so the start-up path is bundled into
// dist/spacectl.js. Only declaration-only modules and commander go in: every module an action might also
// import (errors, io, factory, …) stays external, so classes like CliError exist once and `instanceof` holds.
// Actions keep loading lazily from tsc's per-module output in dist/.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const BUNDLED = [/^main\.js$/, /^program\.js$/, /^commands\/define\.js$/, /^commands\/[^/]+\/index\.js$/];

await build({
  entryPoints: [path.join(dist, 'main.js')],
  outfile: path.join(dist, 'spacectl.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // commander is CommonJS and requires node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [{
    // commander loads node:child_process up front, only to run external executable subcommands, which
    // spacectl has none of; loading it costs ~8 ms of every start. Load it on first use instead.
    name: 'lazy-child-process',
    setup(b) {
      b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
        args.importer.includes(`${path.sep}commander${path.sep}`) ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined);
      b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
        contents: "let cp; module.exports = new Proxy({}, { get: (_, k) => (cp ??= require('node:child_process'))[k] });",
        loader: 'js',
      }));
    },
  }, {
    name: 'keep-shared-modules-external',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined; // commander's own files
        const rel = path.relative(dist, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
        if (args.kind !== 'dynamic-import' && BUNDLED.some((re) => re.test(rel))) return undefined;
        return { path: `./${rel}`, external: true };
      });
    },
  }],
});
