// Servers that answer what Space never would: every such answer is a typed error naming method, URL, status,
// content type and what was wrong (exit 1, never "a bug in spacectl"), and paging always ends.
import type { Emulator } from '../../src/emulator/index.js';
import type { FaultSpec } from '../../src/emulator/types.js';
import { runCli } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  for (let i = 1; i <= 3; i++) expect((await runCli(['app', 'create', '--name', `odd-${i}`], { env: envFor(emu) })).code).toBe(0);
  // More than one page (100) of apps, so a listing that stops early is visible.
  const seeded = await fetch(`${emu.url}/__emulator/seed-apps`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ count: 120, prefix: 'bulk' }) });
  expect(seeded.status).toBe(200);
});
afterEach(() => emu.clearFaults());
afterAll(async () => { await emu.close(); });

const list: Omit<FaultSpec, 'count'> = { method: 'GET', pathPrefix: '/applications/paged' };

function expectContractError(r: { code: number; stderr: string }, what: RegExp, method = 'GET', path = '/api/http/applications/paged') {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`error: unexpected answer to ${method} ${emu.url.replace(/[.]/g, '\\.')}${path}\\S* \\(HTTP \\d+, `));
  expect(r.stderr).toMatch(what);
  expect(r.stderr).not.toMatch(/bug in spacectl/);
}

describe('bad data is an error, never success', () => {
  const cases: Array<[string, Omit<FaultSpec, 'count'>, RegExp]> = [
    ['a null body', { json: null }, /application\/json; charset=utf-8\): body is null, expected an object/],
    ['no data array', { json: { next: '1' } }, /body\.data is missing, expected an array/],
    ['data: "oops"', { json: { data: 'oops' } }, /body\.data is the string "oops", expected an array/],
    ['data: {}', { json: { data: {} } }, /body\.data is an object, expected an array/],
    ['an app without id', { json: { data: [{ name: 'x' }] } }, /body\.data\[0\]\.id is missing, expected a non-empty string/],
    ['an HTML page', { rawBody: '<html><body>Sign in</body></html>' }, /text\/html; charset=utf-8\): expected JSON, got an HTML page/],
    ['truncated JSON', { rawBody: '{"data":[{"id":"a', contentType: 'application/json' }, /not valid JSON, perhaps cut short/],
    ['an empty body', { rawBody: '', contentType: 'application/json' }, /the body is empty, expected JSON/],
  ];
  test.each(cases)('app list given %s', async (_, fault, what) => {
    emu.injectFault({ ...list, ...fault, count: 1 });
    for (const argv of [['app', 'list'], ['app', 'list', '--json']]) {
      if (argv.length === 3) emu.injectFault({ ...list, ...fault, count: 1 });
      const r = await runCli(argv, { env: envFor(emu) });
      expectContractError(r, what);
      expect(r.stdout).not.toMatch(/odd-1/);
    }
  });

  test('a create answer without id is never "created … (id:undefined)": the app is read back by name and confirmed', async () => {
    emu.injectFault({ method: 'POST', pathPrefix: '/applications', after: true, json: { name: 'no-id' }, count: 1 });
    const r = await runCli(['app', 'create', '--name', 'no-id'], { env: envFor(emu) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Created application no-id \(confirmed: the answer was lost, unexpected answer to POST .*body\.id is missing/);
    expect(r.stdout + r.stderr).not.toMatch(/undefined/);
    expect(r.stdout).toMatch(/id\s+\S{6,}/);
  });

  test('an HTML error page (a proxy) is named, never echoed', async () => {
    emu.injectFault({ ...list, status: 502, rawBody: '<html><title>Bad gateway</title><body>upstream said: secret-ish</body></html>', count: 10 });
    const r = await runCli(['app', 'list'], { env: envFor(emu) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: internal-server-error \(HTTP 502\): the server answered an HTML page \(GET /);
    expect(r.stderr).not.toMatch(/upstream said|<html|bug in spacectl/);
  });
});

describe('paging always ends', () => {
  test.each([['grow'], ['cycle']] as const)('a next that never ends (%s) is an error after a few requests', async (paging) => {
    emu.injectFault({ ...list, paging, count: 1_000 });
    const before = emu.requests().length;
    const r = await runCli(['app', 'list'], { env: envFor(emu) });
    expectContractError(r, /paging does not end: (page \d+ holds only items already listed|next "\d+" returns to an earlier page)/);
    expect(emu.requests().length - before).toBeLessThanOrEqual(4);
  });

  test.each([['grow'], ['cycle']] as const)('spacectl api --paginate stops too (%s)', async (paging) => {
    emu.injectFault({ ...list, paging, count: 1_000 });
    const before = emu.requests().length;
    const r = await runCli(['api', 'applications/paged?$top=50', '--paginate'], { env: envFor(emu) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/paging of \S+ does not end/);
    expect(emu.requests().length - before).toBeLessThanOrEqual(4);
    expect(() => JSON.parse(r.stdout)).not.toThrow(); // still one valid document
  });

  test('a cycle over distinct items is caught by the cursor, and app show / rights authorize --all-apps stop too', async () => {
    emu.injectFault({ ...list, paging: 'cycle', count: 1_000 });
    const show = await runCli(['app', 'show', '--app', 'odd-2'], { env: envFor(emu) });
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(/paging does not end/);
    const all = await runCli(['rights', 'authorize', '--all-apps', '--yes'], { env: envFor(emu) });
    expect(all.code).not.toBe(0);
    expect(all.stderr).toMatch(/paging does not end/);
  });

  test('a list that shifts while it is read (an app created before the cursor) lists every app once, no error', async () => {
    const honest = JSON.parse((await runCli(['app', 'list', '--json'], { env: envFor(emu) })).stdout) as Array<{ id: string }>;
    expect(honest.length).toBeGreaterThan(100); // more than one page
    emu.injectFault({ ...list, paging: 'overlap', count: 100 });
    const r = await runCli(['app', 'list', '--json'], { env: envFor(emu) });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ id: string }>).map((a) => a.id)).toEqual(honest.map((a) => a.id));
    emu.injectFault({ ...list, paging: 'overlap', count: 100 });
    const raw = await runCli(['api', 'applications/paged?$top=50', '--paginate'], { env: envFor(emu) });
    expect(raw.code).toBe(0);
    expect((JSON.parse(raw.stdout) as Array<{ id: string }>).map((a) => a.id).sort()).toEqual(honest.map((a) => a.id).sort());
    emu.clearFaults();
  });

  test.each([[-1], [1]])('totalCount %p (absent-like or too small) is not trusted: every app is listed', async (totalCount) => {
    const honest = JSON.parse((await runCli(['app', 'list', '--json'], { env: envFor(emu) })).stdout) as unknown[];
    expect(honest.length).toBeGreaterThan(100); // more than one page
    emu.injectFault({ ...list, totalCount, count: 100 });
    const r = await runCli(['app', 'list', '--json'], { env: envFor(emu) });
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout) as Array<{ name: string }>).map((a) => a.name);
    expect(new Set(names).size).toBe(honest.length);
  });
});
