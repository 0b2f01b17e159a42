#!/usr/bin/env node
// Start-up is a feature: one request must cost little more than a bare node:http GET. Node's ES module loader
// resolving, reading and compiling a few dozen files one by one is most of what a command costs beyond that, so
// the CLI runs from one CommonJS bundle, dist/spacectl.cjs (the whole of dist/main.js: own code and commander),
// which bin/spacectl.cjs loads with V8's code made for it here (dist/spacectl.cjs.v8cache, src/vendor/cached-script.cjs).
// Sources stay ES modules: only dist changes. One bundle holds every own module once, so classes like
// CliError exist once and `instanceof` holds. Modules reached by dynamic import() still run only when a command
// imports them (esbuild wraps them in lazy initialisers). Packages stay in node_modules and load on first use,
// except ES-module-only packages that are imported statically (conf and its dependencies): Node 20.18 cannot
// require() those, so they are bundled too.
// A second bundle, dist/vendor/undici.cjs, holds only the part of undici the client uses (src/vendor/undici.cjs).
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const vendor = path.join(dist, 'vendor');

// A code cache must never outlive the bundle it was made for (V8 checks only the source's length): delete them
// all first; each is written again only after its bundle is complete. dist/spacectl.js: an older build's bundle.
for (const f of ['spacectl.cjs.v8cache', 'vendor/undici.cjs.v8cache', 'spacectl.js']) fs.rmSync(path.join(dist, f), { force: true });
fs.mkdirSync(vendor, { recursive: true });
for (const f of ['cached-script.cjs', 'import.cjs']) fs.copyFileSync(path.join(root, 'src', 'vendor', f), path.join(vendor, f));

/** Whether Node 20.18's require() cannot load this package (an ES module without a `require` export). */
function esmOnly(specifier, importer) {
  let file;
  try {
    file = createRequire(importer).resolve(specifier);
  } catch (e) {
    if (e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return true;
    throw e;
  }
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) return JSON.parse(fs.readFileSync(pkg, 'utf8')).type === 'module';
  }
  return false;
}

const run = await build({
  entryPoints: [path.join(dist, 'main.js')],
  outfile: path.join(dist, 'spacectl.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  metafile: true,
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
    // Own modules, rewritten for CommonJS: import.meta.url becomes the URL the module has in dist/ (data files,
    // the undici bundle and package.json are found relative to it), and import() of a package or built-in goes
    // through dist/vendor/import.cjs (src/vendor/import.cjs says why).
    name: 'own-modules',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        const rel = path.relative(dist, args.path);
        if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
        const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(rel.split(path.sep).join('/'))})).href`;
        const contents = fs.readFileSync(args.path, 'utf8')
          .replaceAll('import.meta.url', url)
          .replace(/\bimport\((['"])([^'"./][^'"]*)\1\)/g, (_, q, spec) => `require('spacectl:import')(${q}${spec}${q})`);
        if (/\bimport\.meta\b/.test(contents)) throw new Error(`bundle: ${rel} uses import.meta beyond import.meta.url`);
        return { contents, loader: 'js' };
      });
      b.onResolve({ filter: /^spacectl:import$/ }, () => ({ path: './vendor/import.cjs', external: true }));
    },
  }, {
    name: 'packages-stay-in-node-modules',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.namespace !== 'file' || args.path.startsWith('node:') || args.path === 'commander' || args.path === 'spacectl:import') return undefined;
        if (esmOnly(args.path, args.importer)) return undefined; // bundled: see above
        return { path: args.path, external: true };
      });
    },
  }],
});
// Code compiled through node:vm cannot import() on Node 20 (see src/vendor/import.cjs): none may be left.
const left = Object.values(run.metafile.outputs).flatMap((o) => o.imports).filter((i) => i.kind === 'dynamic-import');
if (left.length) throw new Error(`bundle: import() left in dist/spacectl.cjs: ${left.map((i) => i.path).join(', ')}`);
// ASCII only, so V8 holds the source as one byte per character (half the memory, read twice as fast). esbuild
// already escapes strings, regular expressions and identifiers; what is left are comments it keeps, where an
// escape is as good as the character.
{
  const file = path.join(dist, 'spacectl.cjs');
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}


// Only undici's Agent and request API, from the pinned version (see src/vendor/undici.cjs). Two lazy seams keep
// the start of a networked command to what an HTTP/1.1 request needs:
// - the HTTP/2 session code requires node:http2 (and with it tls and crypto) when loaded, though it only runs
//   when a server negotiates h2, which an Agent without `allowH2` never offers;
// - the fetch body extractor (the whole web layer) is only reached for FormData bodies, which spacectl never
//   sends: it is left out, and fails loudly if that ever changes.
const undiciSeams = {
  name: 'undici-lazy-seams',
  setup(b) {
    b.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      args.importer.endsWith(`${path.sep}dispatcher${path.sep}client.js`) ? { path: path.join(args.resolveDir, 'client-h2.js'), namespace: 'lazy-h2' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lazy-h2' }, (args) => ({
      contents: `let h2; module.exports = (...a) => (h2 ??= require(${JSON.stringify(args.path)}))(...a);`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
    // node:assert for undici's internal invariants, which hold: the real module (~1 ms) loads only to throw.
    b.onResolve({ filter: /^(node:)?assert$/ }, (args) => (args.importer.includes(`${path.sep}undici${path.sep}`) ? { path: 'lazy-assert', namespace: 'lazy' } : undefined));
    b.onLoad({ filter: /^lazy-assert$/, namespace: 'lazy' }, () => ({
      contents: "let real; const load = () => (real ??= require('node:assert'));\n"
        + 'module.exports = new Proxy(function assert(value, message) { if (!value) load()(value, message); }, { get: (_, k) => load()[k] });',
      loader: 'js',
    }));
    // node:http (~3 ms: its client, server and agent), of which undici needs two things: maxHeaderSize when a
    // Client is made without one (src/api/client.ts always gives one), and IncomingMessage to recognise a
    // node:http response passed as a body (spacectl passes strings and buffers). Both are read on use only.
    b.onLoad({ filter: /[\\/]undici[\\/]lib[\\/](core[\\/]util|dispatcher[\\/]client)\.js$/ }, (args) => {
      let text = fs.readFileSync(args.path, 'utf8');
      const patch = (from, to) => {
        if (!text.includes(from)) throw new Error(`bundle: undici seam not found in ${args.path}: ${from}`);
        text = text.replace(from, to);
      };
      if (args.path.endsWith('util.js')) {
        patch("const { IncomingMessage } = require('node:http')\n", '');
        patch('Object.getPrototypeOf(stream).constructor === IncomingMessage',
          "Object.getPrototypeOf(stream).constructor?.name === 'IncomingMessage' && Object.getPrototypeOf(stream).constructor === require('node:http').IncomingMessage");
      } else {
        patch("const http = require('node:http')\n", '');
        patch('const getDefaultNodeMaxHeaderSize = http &&', "const getDefaultNodeMaxHeaderSize = () => { const http = require('node:http'); return http &&");
        patch('? () => http.maxHeaderSize\n  : () => { throw new InvalidArgumentError(\'http module not available or http.maxHeaderSize invalid\') }',
          "? http.maxHeaderSize\n  : (() => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') })() }");
      }
      return { contents: text, loader: 'js' };
    });
    b.onResolve({ filter: /\/web\/fetch\/body\.js$/ }, () => ({ path: 'web-body', namespace: 'left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      contents: "module.exports = { extractBody() { throw new Error('spacectl bundles undici without its fetch layer: FormData bodies are not supported'); } };",
      loader: 'js',
    }));
  },
};
const undiciBuild = (entry, out, extra = {}) => build({
  entryPoints: [path.join(root, 'src', 'vendor', entry)],
  outfile: path.join(dist, 'vendor', out),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'eof',
  plugins: [undiciSeams],
  ...extra,
});
await undiciBuild('undici.cjs', 'undici.cjs', {
  define: { UNDICI_VERSION: JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'undici', 'package.json'), 'utf8')).version) },
});
// The proxy layers (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), in a bundle of their own that only a run with a proxy
// loads (src/vendor/undici-proxy.cjs); no code cache: the rare path compiles from source.
await undiciBuild('undici-proxy.cjs', 'undici-proxy.cjs');

// V8's compiled code for that bundle, made now so no run has to parse and compile it (src/vendor/code-cache.cjs).
// A clean environment: NODE_OPTIONS flags would make V8 refuse the cache at run time.
const cached = spawnSync(process.execPath, [path.join(root, 'src', 'vendor', 'code-cache.cjs'), path.join(dist, 'vendor', 'undici.cjs')], { env: { PATH: process.env.PATH }, stdio: 'inherit' });
if (cached.status !== 0) throw new Error('bundle: making the code cache of dist/vendor/undici.cjs failed');

// The same for dist/spacectl.cjs, made after running the two commands a script runs most, `app list` and
// `app create`, against an emulator in a process of its own: the cache then holds the code of their whole path
// (argument parsing, the factory, the client, rendering), not only the bundle's top level.
{
  const token = `code-cache-${process.pid}`;
  const env = { PATH: process.env.PATH, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'spacectl-build-')) };
  const emulator = spawn(process.execPath, [path.join(root, 'bin', 'spacectl.cjs'), 'emulator', '--port', '0', '--json', '--admin-token', token], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      emulator.stdout.on('data', (d) => {
        out += d;
        try { resolve(JSON.parse(out).url); } catch { /* not complete yet */ }
      });
      emulator.on('exit', (code) => reject(new Error(`bundle: the emulator for the code cache exited with ${code}`)));
    });
    const commands = [['app', 'list', '--json'], ['app', 'create', '--name', 'code-cache', '--json']].map((c) => JSON.stringify(c));
    const made = spawnSync(process.execPath, [path.join(root, 'src', 'vendor', 'code-cache.cjs'), path.join(dist, 'spacectl.cjs'), ...commands], {
      env: { ...env, SPACE_URL: url, SPACE_TOKEN: token, SPACECTL_CONFIG_DIR: env.HOME, SPACECTL_KEYRING: '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (made.status !== 0) throw new Error('bundle: making the code cache of dist/spacectl.cjs failed');
  } finally {
    emulator.kill();
    fs.rmSync(env.HOME, { recursive: true, force: true });
  }
}

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
