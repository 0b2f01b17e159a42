// What a networked command loads. Start-up time is measured only by `npm run bench`; these guards check the
// cause instead, which does not depend on how loaded the machine is: the undici bundle is the verified version
// and holds only the client's part of undici, and `app list`/`app create` load nothing outside the intended set
// (no ES module, no Node-bundled undici, no node_modules file, no HTTP/2, TLS, zlib or worker threads, no chalk):
// two bundles, each compiled from the code V8 made for it at build time (scripts/bundle.js).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Emulator } from '../../src/emulator/index.js';
import { bundledUndiciVersion, verifiedUndiciVersion } from '../../src/api/undici.js';
import { ROOT, spawnCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/modules');
const BUNDLE = path.join(ROOT, 'dist/vendor/undici.cjs');

/**
 * Public built-ins an HTTP/1.1 request needs (undici's Agent, the CLI's own modules). Anything else is a
 * regression — perf_hooks too: loaded after the undici bundle's V8 flag change, it compiles without code cache;
 * node:http and node:assert too: undici reads them only on paths spacectl does not take (scripts/bundle.js).
 */
const ALLOWED_BUILTINS = new Set([
  'async_hooks', 'buffer', 'diagnostics_channel', 'events', 'fs', 'module', 'net', 'path',
  'process', 'querystring', 'stream', 'stream/promises', 'string_decoder', 'timers', 'url', 'util', 'v8', 'vm',
]);

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

describe('the undici bundle', () => {
  const installed = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/undici/package.json'), 'utf8')) as { version: string }).version;
  const declared = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.undici;

  test('is built from the undici version its deep imports were verified with, and package.json pins that version', () => {
    expect({ installed, bundled: bundledUndiciVersion, declared }).toEqual({ installed: verifiedUndiciVersion, bundled: verifiedUndiciVersion, declared: verifiedUndiciVersion });
  });

  test('holds the dispatcher and request API only: no fetch, cookies, WebSocket, cache, mock or proxy layers', () => {
    // esbuild marks each bundled file with a `// node_modules/undici/lib/…` comment.
    const files = [...fs.readFileSync(BUNDLE, 'utf8').matchAll(/^\s*\/\/ node_modules\/undici\/(\S+)$/gm)].map((m) => m[1]!);
    expect(files).toContain('lib/dispatcher/agent.js');
    expect(files).toContain('lib/api/api-request.js');
    expect(files.filter((f) => /^lib\/(web|cache|mock|interceptor)\/|proxy|websocket|cookies|fetch/i.test(f))).toEqual([]);
  });

  test('is loaded with the compiled code the build made for it: V8 accepts the cache, so no run compiles it', () => {
    const script = `import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/api/undici.js')).href)}).then((m) => console.log(m.codeCache))`;
    const r = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('accepted');
  });
});

/** Node ≥ 22.1 caches compiled code itself (bin/spacectl.cjs then require()s the CLI bundle); Node 20 does not. */
const nodeCompileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

async function probe(argv: (run: string) => string[], nodeOptions = '') {
  const dir = tmpDir('spacectl-modules-');
  const out = path.join(dir, 'loaded.json');
  const esm = path.join(dir, 'esm.txt');
  const env = envFor(emu);
  // Two runs: the ESM hook runs on a thread of its own, which would add to the built-ins list.
  const a = await spawnCli(argv('a'), { env: { ...env, NODE_OPTIONS: `${nodeOptions} --require ${path.join(FIXTURES, 'probe.cjs')}`, MODULE_PROBE_OUT: out } });
  expect(a).toMatchObject({ code: 0 });
  const b = await spawnCli(argv('b'), { env: { ...env, NODE_OPTIONS: `${nodeOptions} --import ${pathToFileURL(path.join(FIXTURES, 'esm-hook.mjs')).href}`, MODULE_PROBE_ESM: esm } });
  expect(b).toMatchObject({ code: 0 });
  const loaded = JSON.parse(fs.readFileSync(out, 'utf8')) as { cjs: string[]; builtins: string[]; compiled: Array<{ file: string; cache: string }> };
  const esmFiles = fs.existsSync(esm) ? fs.readFileSync(esm, 'utf8').trim().split('\n').filter(Boolean).map((u) => new URL(u).pathname) : [];
  return { ...loaded, esm: esmFiles, stdout: a.stdout };
}

const CLI_BUNDLE = path.join(ROOT, 'dist/spacectl.cjs');

describe.each([
  ['app list --json', () => ['app', 'list', '--json']],
  ['app create --json', (run: string) => ['app', 'create', '--name', `modules-probe-${run}`, '--json']],
])('%s (one request) loads only the intended modules', (_name, argv) => {
  let loaded: Awaited<ReturnType<typeof probe>>;
  beforeAll(async () => { loaded = await probe(argv); }, 60_000);

  test('the CLI bundle and the undici bundle, each from the compiled code the build made for it; no ES module', () => {
    expect(loaded.esm).toEqual([path.join(ROOT, 'bin/spacectl.cjs')]); // the entry point, which the hook sees too
    expect(loaded.compiled).toEqual([
      ...(nodeCompileCache ? [] : [{ file: CLI_BUNDLE, cache: 'accepted' }]),
      { file: BUNDLE, cache: 'accepted' },
    ]);
    if (nodeCompileCache) expect(loaded.cjs).toContain(CLI_BUNDLE);
  });

  test('undici comes from the bundle: not from node_modules, and Node\'s own bundled copy is never loaded', () => {
    expect(loaded.cjs.filter((f) => f.includes(`${path.sep}node_modules${path.sep}`))).toEqual([]);
    expect(loaded.builtins.filter((m) => m.startsWith('internal/deps/undici'))).toEqual([]);
  });

  test('only the built-ins an HTTP/1.1 request needs (no http, http2, tls, crypto, zlib, worker_threads, tty, assert)', () => {
    expect(loaded.builtins.filter((m) => !m.startsWith('internal/') && !ALLOWED_BUILTINS.has(m))).toEqual([]);
  });

  test('only the CLI\'s own files; no colour library when nothing is coloured', () => {
    const own = (f: string) => f.startsWith(`${path.join(ROOT, 'dist')}${path.sep}`) || f.startsWith(`${path.join(ROOT, 'bin')}${path.sep}`);
    expect(loaded.cjs.filter((f) => !own(f) && !f.startsWith(FIXTURES))).toEqual([]);
    expect(loaded.compiled.filter((c) => !own(c.file))).toEqual([]);
  });
});

describe('the build\'s compiled code under other V8 flags', () => {
  // V8 accepts cached code only under the flags it was made with; NODE_OPTIONS=--max-old-space-size is a V8 flag.
  test('is refused by V8, safely: both bundles compile from source and the command answers as without the flag', async () => {
    const loaded = await probe(() => ['app', 'list', '--json'], '--max-old-space-size=300');
    expect(loaded.compiled).toEqual([
      ...(nodeCompileCache ? [] : [{ file: CLI_BUNDLE, cache: 'rejected' }]),
      { file: BUNDLE, cache: 'rejected' },
    ]);
    const plain = await spawnCli(['app', 'list', '--json'], { env: envFor(emu) });
    expect(plain.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toEqual(JSON.parse(plain.stdout));
  }, 60_000);
});

describe('compiled-code cache (Node ≥ 22.1 only)', () => {
  const supported = nodeCompileCache;
  const run = async () => {
    const cache = tmpDir('spacectl-xdg-cache-');
    const r = await spawnCli(['app', 'list', '--json'], { env: { ...envFor(emu), XDG_CACHE_HOME: cache } });
    expect(r.code).toBe(0);
    const dir = path.join(cache, 'spacectl', 'compile-cache');
    return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }) : undefined;
  };
  (supported ? test : test.skip)('is written to the user\'s cache directory', async () => {
    expect((await run())?.length).toBeGreaterThan(0);
  });
  (supported ? test.skip : test)(`is not attempted on Node ${process.versions.node}, which has no enableCompileCache`, async () => {
    expect(await run()).toBeUndefined();
  });
});
