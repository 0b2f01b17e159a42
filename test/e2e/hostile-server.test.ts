// Servers (or proxies in front of Space) that redirect, answer HTML to a write, drip or never end a body,
// compress unasked or echo a megabyte: each is one clear error line, exit 1, never a success that did not
// happen, a hang, a leaked credential or an exhausted heap.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';
import { hostileServer, type HostileServer } from '../helpers/hostile.js';

let emu: Emulator;
const servers: HostileServer[] = [];
beforeAll(async () => {
  emu = await startTestEmulator();
  expect((await runCli(['app', 'create', '--name', 'target'], { env: envFor(emu) })).code).toBe(0);
});
afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });
afterAll(async () => { await emu.close(); });

async function serve(...a: Parameters<typeof hostileServer>): Promise<HostileServer> {
  const s = await hostileServer(...a);
  servers.push(s);
  return s;
}
const via = (s: HostileServer, extra: Record<string, string> = {}) => envFor(emu, 'admin', { SPACE_URL: s.url, ...extra });
const isWrite = (m?: string) => m !== 'GET';
const targetExists = async () => (await runCli(['app', 'list'], { env: envFor(emu) })).stdout.includes('target');

const WRITES: string[][] = [
  ['app', 'delete', '--app', 'target', '--yes'],
  ['rights', 'request', '--app', 'target', 'Team.View'],
  ['app', 'secret', '--app', 'target', '--regenerate', '--yes'],
  ['flow', 'enable', '--app', 'target', 'code', '--redirect-uri', 'https://bot.example/cb'],
];

describe('redirects are never followed, and never reported as success', () => {
  test('a write redirected to another host fails naming the Location; the other host never sees the token', async () => {
    const thief = await serve((_, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); });
    const proxy = await serve((req, res) => {
      if (!isWrite(req.method)) return false;
      res.writeHead(307, { location: `${thief.url}/api/http${req.url}?token=shown-nowhere` });
      res.end();
    }, emu.url);
    for (const argv of WRITES) {
      const r = await runCli(argv, { env: via(proxy) });
      expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 1]);
      expect(r.stderr).toMatch(/\(HTTP 307, no content type\): a redirect to http:\/\/127\.0\.0\.1:\d+\/api\/http\/\S+, which spacectl does not follow/);
      expect(r.stderr).not.toMatch(/✓|shown-nowhere/);
      expect(r.stdout).toBe('');
    }
    expect(thief.seen).toEqual([]);
    expect(await targetExists()).toBe(true);
  });

  test.each([[301], [302], [308]])('a GET answered %p (e.g. http → https) names where it points, exit 1', async (status) => {
    const s = await serve((req, res) => { res.writeHead(status, { location: `https://space.example${req.url}` }); res.end('moved'); });
    for (const argv of [['app', 'list'], ['app', 'list', '--json']]) {
      const r = await runCli(argv, { env: via(s) });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`\\(HTTP ${status}, no content type\\): a redirect to https://space\\.example/api/http/applications/paged, which spacectl does not follow`));
      expect(r.stderr.trim().split('\n')).toHaveLength(2); // the error and its hint
    }
    expect(s.seen).toHaveLength(2); // one request each: a redirect is not retried
  });
});

test('a write answered 200 with an HTML page (a login proxy) is an error, not "done"', async () => {
  const s = await serve((req, res) => {
    if (!isWrite(req.method)) return false;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Please sign in</body></html>');
  }, emu.url);
  for (const argv of WRITES) {
    const r = await runCli(argv, { env: via(s) });
    expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 1]);
    expect(r.stderr).toMatch(/\(HTTP 200, text\/html\): expected (an empty or JSON answer|JSON), got an HTML page/);
    expect(r.stderr).not.toMatch(/✓|sign in/);
  }
  expect(await targetExists()).toBe(true);
});

describe('bodies', () => {
  test('a body that drips forever ends at SPACECTL_TIMEOUT_MS for the whole exchange, not only between bytes', async () => {
    const s = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    const r = await runCli(['app', 'list'], { env: via(s, { SPACECTL_TIMEOUT_MS: '700' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/request timed out \(GET /);
    expect(s.seen.length).toBeGreaterThan(1); // a GET is retried after a timeout
  });

  test('a body that never ends is cut off at 64 MiB, not read until the heap runs out', async () => {
    let sent = 0;
    const s = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
      const chunk = Buffer.alloc(1 << 20, 0x20);
      const pump = () => { while (!res.destroyed && res.write(chunk)) sent += chunk.length; };
      res.on('drain', pump);
      pump();
    });
    const r = await runCli(['app', 'list'], { env: via(s) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\(HTTP 200, application\/json\): the body is larger than 64 MiB; spacectl stopped reading it/);
    expect(sent).toBeLessThan(200 * (1 << 20));
    expect(s.seen).toHaveLength(1); // not retried
  });

  const page = JSON.stringify({ next: '1', totalCount: 1, data: [{ id: 'z1', name: 'zipped', clientId: 'c-z1', archived: false }] });
  test.each([
    ['gzip', zlib.gzipSync(page)],
    ['deflate', zlib.deflateSync(page)],
    ['br', zlib.brotliCompressSync(page)],
    ['identity', Buffer.from(`\ufeff${page}`)], // with a byte-order mark
  ])('an answer sent with content-encoding %s is read', async (encoding, bytes) => {
    const s = await serve((_, res) => { res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': encoding }); res.end(bytes); });
    const r = await runCli(['app', 'list'], { env: via(s) });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^zipped\tz1\tc-z1$/m);
    expect(r.code).toBe(0);
  });

  test('a compressed answer that inflates past 64 MiB (a zip bomb) is refused', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(80 << 20, 0x20));
    const s = await serve((_, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }); res.end(bomb); });
    const r = await runCli(['app', 'list'], { env: via(s) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the body is larger than 64 MiB/);
  });

  test('a megabyte of error text echoing the request is one short line, the token scrubbed', async () => {
    const s = await serve((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'validation-error', message: `rejected ${req.headers.authorization}\n${'x'.repeat(1 << 20)}` }));
    });
    for (const argv of [['app', 'list'], ['app', 'list', '--json']]) {
      const r = await runCli(argv, { env: via(s) });
      expect(r.code).toBe(1);
      const line = r.stderr.split('\n')[0]!;
      expect(line).toMatch(/^error: validation-error \(HTTP 400\): rejected Bearer \*\*\* x+… \(\d+ more characters\)$/);
      expect(line.length).toBeLessThan(500);
      expect(r.stdout.length).toBeLessThan(1000);
      expect(r.stdout + r.stderr).not.toContain(TOKENS.admin);
    }
  });
});

describe('a rotation whose answer is lost is read back, never reported as "cannot reach"', () => {
  const secretOf = async () => (await runCli(['app', 'secret', '--app', 'target', '--reveal'], { env: envFor(emu) })).stdout.trim();
  test.each([
    ['after Space rotated it', true, 0],
    ['before Space saw it', false, 1],
  ] as const)('a connection reset %s', async (_, after, code) => {
    const file = `${tmpDir()}/client-secret`;
    const before = await secretOf();
    emu.injectFault({ method: 'POST', pathPrefix: '/applications/', after, reset: true, count: 1 });
    try {
      const r = await runCli(['app', 'secret', '--app', 'target', '--regenerate', '--yes', '--secret-file', file], { env: envFor(emu) });
      expect(r.code).toBe(code);
      const now = await secretOf();
      expect(now === before).toBe(!after);
      if (after) {
        expect(r.stderr).toMatch(/Rotated the client secret of target/);
        expect(fs.readFileSync(file, 'utf8').trim()).toBe(now); // the sink holds the secret that works
      } else {
        expect(r.stderr).toMatch(/^error: the client secret was not rotated \(read back after the answer was lost: cannot reach .*connection reset/m);
        expect(fs.existsSync(file)).toBe(false);
      }
      expect(r.stdout + r.stderr).not.toContain(now);
    } finally {
      emu.clearFaults();
    }
  });
});

test('a server that drops each keep-alive connection at its second request: reads, state-setting writes and ssh-key add are retried on a fresh connection', async () => {
  const requests = new WeakMap<object, number>();
  const s = await serve((req) => {
    const n = (requests.get(req.socket) ?? 0) + 1;
    requests.set(req.socket, n);
    if (n < 2) return false;
    req.socket.destroy(); // as a server that closed the idle connection just as the request arrived
  }, emu.url);
  expect((await runCli(['app', 'create', '--name', 'keepalive'], { env: envFor(emu) })).code).toBe(0);
  const key = fs.readFileSync(new URL('../fixtures/ssh/ed25519.pub', import.meta.url), 'utf8').trim();
  for (const argv of [
    ['app', 'show', '--app', 'keepalive'],
    ['rights', 'request', '--app', 'keepalive', 'Team.View'],
    ['ssh-key', 'add', '--app', 'keepalive', '--key', key],
    ['ssh-key', 'list', '--app', 'keepalive'],
  ]) {
    const r = await runCli(argv, { env: via(s) });
    expect([argv.slice(0, 2).join(' '), r.code, r.stderr]).toEqual([argv.slice(0, 2).join(' '), 0, expect.not.stringMatching(/error/)]);
  }
  const keys = await runCli(['ssh-key', 'list', '--app', 'keepalive', '--json'], { env: envFor(emu) });
  expect((JSON.parse(keys.stdout) as { keys: unknown[] }).keys).toHaveLength(1);
});

test('the audit journal records a write whose answer was lost as "unknown", not "error": it may have happened', async () => {
  const journal = `${tmpDir()}/journal.jsonl`;
  for (const name of ['journaled-1', 'journaled-2']) expect((await runCli(['app', 'create', '--name', name], { env: envFor(emu) })).code).toBe(0);
  const cases: Array<[Parameters<Emulator['injectFault']>[0], string[], number]> = [
    // Deleted, then a 500: read back and confirmed gone (exit 0); the DELETE's own answer is still unknown.
    [{ method: 'DELETE', pathPrefix: '/applications/', after: true, status: 500, count: 1 }, ['app', 'delete', '--app', 'journaled-1', '--yes'], 0],
    // Rotated, then the answer cut short: read back and confirmed (exit 0), the POST's own answer still unknown.
    [{ method: 'POST', pathPrefix: '/applications/', after: true, truncate: true, count: 1 }, ['app', 'secret', '--app', 'journaled-2', '--regenerate', '--yes'], 0],
  ];
  for (const [fault, argv, code] of cases) {
    emu.injectFault(fault);
    try {
      const r = await runCli([...argv, '--journal', journal], { env: envFor(emu) });
      expect([argv.slice(0, 2), r.code]).toEqual([argv.slice(0, 2), code]);
    } finally {
      emu.clearFaults();
    }
  }
  const lines = fs.readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; result: string });
  expect(lines.map((l) => [l.operation, l.result])).toEqual([
    ['DELETE /applications/{application}', 'unknown'],
    ['POST /applications/{application}/client-secret/regenerate', 'unknown'],
  ]);
});
