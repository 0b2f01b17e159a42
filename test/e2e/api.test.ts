// `spacectl api` against the emulator: raw bodies, fields, --input, paging, errors, exit codes, redaction.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, spawnCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const direct = async (p: string) => (await fetch(`${emu.url}/api/http/${p}`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).text();

test('GET prints the response body byte for byte, in a real child process too', async () => {
  const r = await spawnCli(['api', 'projects/key:BACKEND'], { env: envFor(emu) });
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(await direct('projects/key:BACKEND'));
  expect(JSON.parse(r.stdout).name).toBe('Backend');
  const viaApiPrefix = await runCli(['api', '/api/http/projects/key:WEB'], { env: envFor(emu) });
  expect(JSON.parse(viaApiPrefix.stdout).name).toBe('Web site');
});

test('-F sends a typed JSON body with POST, -f goes to the query of a GET, --input - sends stdin', async () => {
  const env = envFor(emu);
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'desc.txt'), 'from a file');
  const created = await runCli(['api', 'applications', '-F', 'name=api-bot-1', '-F', `description=@${path.join(dir, 'desc.txt')}`], { env });
  expect(created.code).toBe(0);
  const app = JSON.parse(created.stdout) as { id: string; name: string };
  expect(app.name).toBe('api-bot-1');
  const post = emu.requests().filter((q) => q.method === 'POST' && q.path === '/api/http/applications').at(-1)!;
  expect(post.body).toEqual({ name: 'api-bot-1', description: 'from a file' });

  const listed = await runCli(['api', 'applications/paged', '-f', 'name=api-bot-1'], { env });
  expect(JSON.parse(listed.stdout).data.map((a: { name: string }) => a.name)).toEqual(['api-bot-1']);
  expect(emu.requests().at(-1)!.query).toEqual({ name: 'api-bot-1' });

  const patched = await runCli(['api', `applications/id:${app.id}`, '-X', 'patch', '--input', '-'], { env, stdin: '{"description":"patched"}' });
  expect(patched.code).toBe(0);
  expect(emu.requests().at(-1)).toMatchObject({ method: 'PATCH', body: { description: 'patched' } });

  const deleted = await runCli(['api', `applications/id:${app.id}`, '-X', 'DELETE'], { env });
  expect(deleted).toEqual({ code: 0, stdout: '', stderr: '' });
  const gone = await runCli(['api', `applications/id:${app.id}`], { env });
  expect(gone.code).toBe(1);
  expect(gone.stdout).toBe('');
  expect(gone.stderr).toMatch(/^error: .*not found/im);
});

test('--paginate follows next/$skip and prints one JSON array; --jsonl one item per line', async () => {
  const env = envFor(emu);
  for (let i = 1; i <= 5; i++) expect((await runCli(['api', 'applications', '-F', `name=pager-${i}`], { env })).code).toBe(0);
  const before = emu.requests().length;
  const all = await runCli(['api', 'applications/paged?name=pager-&$top=2', '--paginate'], { env });
  expect(all.code).toBe(0);
  expect((JSON.parse(all.stdout) as Array<{ name: string }>).map((a) => a.name)).toEqual(['pager-1', 'pager-2', 'pager-3', 'pager-4', 'pager-5']);
  expect(emu.requests().slice(before).map((q) => q.query.$skip ?? null)).toEqual([null, '2', '4']);

  const lines = await runCli(['api', 'applications/paged', '-f', 'name=pager-', '-f', '$top=3', '-f', '$fields=data(name)', '--paginate', '--jsonl'], { env });
  expect(lines.code).toBe(0);
  expect(lines.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { name: string }).name)).toEqual([1, 2, 3, 4, 5].map((i) => `pager-${i}`));
});

test('a failure during --paginate still leaves one valid JSON document and exits non-zero', async () => {
  const env = envFor(emu);
  emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', status: 400, count: 1 });
  const failed = await runCli(['api', 'applications/paged?name=pager-&$top=2', '--paginate'], { env });
  expect(failed.code).toBe(1);
  expect(JSON.parse(failed.stdout)).toEqual([]);
  const notPaged = await runCli(['api', 'projects/key:BACKEND', '--paginate'], { env });
  expect(notPaged.code).toBe(1);
  expect(JSON.parse(notPaged.stdout)).toEqual([]);
  expect(notPaged.stderr).toContain('paged format');
});

test('errors use the CLI exit codes: 4 for permission, 2 for usage; --verbose never shows the token', async () => {
  const member = await runCli(['api', 'applications/paged', '-f', 'withArchived=true', '--verbose'], { env: envFor(emu, 'member') });
  const denied = await runCli(['api', 'applications', '-F', 'name=x', '-H', 'X-Trace: 1'], { env: envFor(emu, 'member', { SPACE_TOKEN: 'wrong-token' }) });
  expect(denied.code).toBe(4);
  expect(denied.stdout).toBe('');
  expect(member.stderr).toContain('GET');
  expect(member.stderr).not.toContain(TOKENS.member);

  const usage = [
    ['api', '../oauth/token'],
    ['api', 'projects', '-f', 'novalue'],
    ['api', 'projects', '-X', 'TRACE'],
    ['api', 'projects', '--jsonl'],
    ['api', 'projects', '-X', 'POST', '--paginate'],
    ['api', 'projects', '-H', 'no colon'],
    ['api', 'applications', '-F', 'description=@/nonexistent/file'],
  ];
  for (const argv of usage) {
    const r = await runCli(argv, { env: envFor(emu) });
    expect({ argv, code: r.code, lines: r.stderr.trim().split('\n').length }).toEqual({ argv, code: 2, lines: 1 });
  }
});
