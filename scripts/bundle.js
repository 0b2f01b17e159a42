#!/usr/bin/env node
// Start-up is a feature: `spacectl --help` must cost little more than `node -e 0`. Loading commander (7 CJS
// files) and a dozen tiny ESM modules one by one is most of that cost, so the start-up path is bundled into
// dist/spacectl.js. Only declaration-only modules and commander go in: every module an action might also
// import (errors, io, factory, …) stays external, so classes like CliError exist once and `instanceof` holds.
// Actions keep loading lazily from tsc's per-module output in dist/.
// A second bundle, dist/vendor/undici.cjs, holds only the part of undici the client uses (src/vendor/undici.cjs).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const BUNDLED = [/^main\.js$/, /^program\.js$/, /^help\/[^/]+\.js$/, /^commands\/define\.js$/, /^commands\/[^/]+\/index\.js$/];

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


// Only undici's Agent and request API, from the pinned version (see src/vendor/undici.cjs). Two lazy seams keep
// the start of a networked command to what an HTTP/1.1 request needs:
// - the HTTP/2 session code requires node:http2 (and with it tls and crypto) when loaded, though it only runs
//   when a server negotiates h2, which an Agent without `allowH2` never offers;
// - the fetch body extractor (the whole web layer) is only reached for FormData bodies, which spacectl never
//   sends: it is left out, and fails loudly if that ever changes.
await build({
  entryPoints: [path.join(root, 'src', 'vendor', 'undici.cjs')],
  outfile: path.join(dist, 'vendor', 'undici.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'eof',
  define: { UNDICI_VERSION: JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'undici', 'package.json'), 'utf8')).version) },
  plugins: [{
    name: 'undici-lazy-seams',
    setup(b) {
      b.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
        args.importer.endsWith(`${path.sep}dispatcher${path.sep}client.js`) ? { path: path.join(args.resolveDir, 'client-h2.js'), namespace: 'lazy-h2' } : undefined);
      b.onLoad({ filter: /.*/, namespace: 'lazy-h2' }, (args) => ({
        contents: `let h2; module.exports = (...a) => (h2 ??= require(${JSON.stringify(args.path)}))(...a);`,
        resolveDir: path.dirname(args.path),
        loader: 'js',
      }));
      b.onResolve({ filter: /\/web\/fetch\/body\.js$/ }, () => ({ path: 'web-body', namespace: 'left-out' }));
      b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
        contents: "module.exports = { extractBody() { throw new Error('spacectl bundles undici without its fetch layer: FormData bodies are not supported'); } };",
        loader: 'js',
      }));
    },
  }],
});

// V8's compiled code for that bundle, made now so no run has to parse and compile it (src/vendor/code-cache.cjs).
// A clean environment: NODE_OPTIONS flags would make V8 refuse the cache at run time.
const cached = spawnSync(process.execPath, [path.join(root, 'src', 'vendor', 'code-cache.cjs'), path.join(dist, 'vendor', 'undici.cjs')], { env: { PATH: process.env.PATH }, stdio: 'inherit' });
if (cached.status !== 0) throw new Error('bundle: making the code cache of dist/vendor/undici.cjs failed');

// Help without commander (src/help/fast.ts): the help data of every command, read from the real command tree
// now, so it cannot drift from what commander would print, and the formatter bundled as CommonJS for bin/.
{
  const { createProgram } = await import(pathToFileURL(path.join(dist, 'program.js')).href);
  const { helpTree } = await import(pathToFileURL(path.join(dist, 'help', 'tree.js')).href);
  const noop = () => undefined;
  const program = createProgram({ exitCode: 0, factory: () => { throw new Error('bundle: no command runs at build time'); } }, '0.0.0', {
    writeOut: noop, writeErr: noop, getOutHelpWidth: () => 80, getErrHelpWidth: () => 80, getOutHasColors: () => false, getErrHasColors: () => false,
  });
  fs.writeFileSync(path.join(dist, 'help.json'), JSON.stringify(helpTree(program)));
  await build({
    entryPoints: [path.join(dist, 'help', 'fast.js')],
    outfile: path.join(dist, 'help.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
}
