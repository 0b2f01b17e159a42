// The audit journal: one fsynced JSON line per write, from every command, never a secret; off unless asked for.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, spawnCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const lines = (file: string) => fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('every write of every command is one line: who, where, command, operation, app, context, rights, result', async () => {
  const file = path.join(tmpDir(), 'journal.jsonl');
  const env = envFor(emu, 'member', { SPACECTL_JOURNAL: file });
  const admin = envFor(emu, 'admin', { SPACECTL_JOURNAL: file });
  const created = await runCli(['app', 'create', '--name', 'journal-bot', '--reveal-secret', '--json'], { env });
  expect(created.code).toBe(0);
  const { app: { id }, clientSecret } = JSON.parse(created.stdout) as { app: { id: string }; clientSecret: string };
  const writesBefore = emu.requests().filter((r) => r.method !== 'GET').length;
  expect((await runCli(['rights', 'request', '--app', 'journal-bot', 'Project.Issues.View', '--project', 'BACKEND'], { env })).code).toBe(8);
  expect((await runCli(['rights', 'authorize', '--app', 'journal-bot', '--yes'], { env: admin })).code).toBe(0);
  expect((await runCli(['app', 'show', '--app', 'journal-bot'], { env })).code).toBe(0); // reads are not journaled
  expect((await runCli(['endpoint', 'set', '--app', 'journal-bot', '--uri', 'https://bot.example.com/space', '--verification', 'signing-key'], { env })).code).toBe(0);

  const all = lines(file);
  const writesSent = emu.requests().filter((r) => r.method !== 'GET').length - writesBefore + 1;
  expect(all).toHaveLength(writesSent);
  const hash = expect.stringMatching(/^token:sha256:[0-9a-f]{12}$/);
  expect(all[0]).toEqual({ time: expect.any(String), server: emu.url, identity: hash, command: 'app create', operation: 'POST /applications', app: 'name:journal-bot', fields: ['name'], result: 'ok', status: 200 });
  expect(all).toContainEqual(expect.objectContaining({ command: 'rights request', operation: 'PATCH /applications/{application}/authorizations/authorized-rights/request-rights', app: `id:${id}`, context: 'project:key:BACKEND', rights: ['Project.Issues.View'], result: 'ok' }));
  expect(all).toContainEqual(expect.objectContaining({ command: 'rights authorize', operation: 'PATCH /applications/{application}/authorizations/authorized-rights', context: 'project:key:BACKEND', rights: ['Project.Issues.View=GRANTED'], result: 'ok' }));
  expect(all).toContainEqual(expect.objectContaining({ command: 'endpoint set', operation: 'PATCH /applications/{application}', fields: expect.arrayContaining(['endpointUri', 'hasSigningKey']) }));
  expect(new Set(all.map((l) => l.identity)).size).toBe(2); // member, then admin
  expect(all.every((l) => !Number.isNaN(Date.parse(String(l.time))))).toBe(true);
  const text = fs.readFileSync(file, 'utf8');
  for (const secret of [clientSecret, TOKENS.member, TOKENS.admin]) expect(text).not.toContain(secret);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
});

test('a refused write is recorded with its error; secrets set through PATCH are named, never written', async () => {
  const file = path.join(tmpDir(), 'journal.jsonl');
  const env = envFor(emu, 'member');
  expect((await runCli(['app', 'create', '--name', 'journal-denied'], { env })).code).toBe(0);
  const denied = await runCli(['--journal', file, 'app', 'delete', '--app', 'journal-denied', '--yes'], { env });
  expect(denied.code).toBe(4);
  expect(lines(file)).toEqual([expect.objectContaining({ command: 'app delete', operation: 'DELETE /applications/{application}', result: 'error', status: 403, error: 'permission-denied' })]);

  const secret = 'very-secret-value-123';
  const r = await runCli(['api', 'applications/me', '-X', 'PATCH', '-f', `clientSecret=${secret}`, '--journal', file], { env: envFor(emu, 'admin') });
  expect(r.code).not.toBe(0);
  expect(lines(file).at(-1)).toMatchObject({ command: 'api', operation: 'PATCH /applications/{application}', app: 'me', fields: ['clientSecret'] });
  expect(fs.readFileSync(file, 'utf8')).not.toContain(secret);
});

test('off by default; lines of concurrent processes never interleave', async () => {
  const dir = tmpDir();
  const quiet = await runCli(['app', 'create', '--name', 'journal-off'], { env: envFor(emu, 'member') });
  expect(quiet.code).toBe(0);
  const file = path.join(dir, 'journal.jsonl');
  const env = envFor(emu, 'member', { SPACECTL_JOURNAL: file });
  const runs = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => spawnCli(['app', 'create', '--name', `journal-par-${i}`], { env })));
  expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
  expect(lines(file).map((l) => l.app).sort()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `name:journal-par-${i}`));
  expect(fs.readdirSync(dir)).toEqual(['journal.jsonl']);
});

test('a journal that cannot be opened stops the command before any write (exit 2)', async () => {
  const before = emu.requests().filter((r) => r.method !== 'GET').length;
  const r = await runCli(['app', 'create', '--name', 'journal-never', '--journal', '/nonexistent-dir/journal.jsonl'], { env: envFor(emu, 'member') });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/cannot open the journal \/nonexistent-dir\/journal.jsonl/);
  expect(emu.requests().filter((q) => q.method !== 'GET').length).toBe(before);
});

const fullTest = fs.existsSync('/dev/full') ? test : test.skip;
if (!fs.existsSync('/dev/full')) console.warn('SKIPPED: the full-disk journal test needs /dev/full');

fullTest('a write that worked but could not be journaled (a full disk) says so truthfully: sent (ok), not recorded, exit 1', async () => {
  const env = envFor(emu, 'admin');
  expect((await runCli(['app', 'create', '--name', 'journal-full'], { env })).code).toBe(0);
  const r = await runCli(['app', 'update', '--app', 'journal-full', '--description', 'unrecorded', '--journal', '/dev/full'], { env });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error: PATCH \/applications\/\{application\} was sent \(ok\) but could not be recorded in the journal \/dev\/full: ENOSPC/m);
  expect(JSON.parse((await runCli(['app', 'show', '--app', 'journal-full', '--json'], { env })).stdout).description).toBe('unrecorded');
});
