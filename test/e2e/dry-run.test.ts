// --dry-run on every command that writes: it prints the exact requests the real run sends, sends no write
// (the emulator's request log proves it), and exits 3 when something would change, 0 when nothing would.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { ROOT, runCli, tmpDir } from '../helpers/cli.js';
import { envFor, newApp, startTestEmulator, writesSince } from '../helpers/emulator.js';

const KEY = path.join(ROOT, 'test/fixtures/ssh/ed25519.pub');
let emu: Emulator;
let env: Record<string, string | undefined>;
beforeAll(async () => { emu = await startTestEmulator(); env = envFor(emu); });
afterAll(async () => { await emu.close(); });

/** Runs argv with --dry-run (nothing sent, exit 3, the requests printed), then for real; returns both. */
async function dryThenReal(argv: string[], o: { stdin?: string } = {}): Promise<{ printed: string[]; sent: string[] }> {
  const before = emu.requests().length;
  const dry = await runCli([...argv, '--dry-run'], { env, stdin: o.stdin });
  expect({ argv, code: dry.code, stderr: dry.stderr }).toEqual({ argv, code: 3, stderr: expect.stringContaining('nothing was sent') });
  expect(writesSince(emu, before)).toEqual([]);
  const printed = dry.stdout.trimEnd().split('\n');
  const mark = emu.requests().length;
  const real = await runCli([...argv, '--yes'].filter((a, i, all) => a !== '--yes' || needsYes(argv) || i < all.length - 1), { env, stdin: o.stdin });
  expect({ argv, code: real.code, stderr: real.stderr }).toEqual({ argv, code: expect.any(Number), stderr: expect.any(String) });
  const sent = emu.requests().slice(mark).filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.rawPath.replace(/^\/api\/http\//, '')}${Object.keys(r.query).length && r.method === 'DELETE' ? `?${new URLSearchParams(r.query as Record<string, string>).toString().replace(/%3A/g, ':')}` : ''}${r.body === undefined ? '' : ` ${JSON.stringify(r.body)}`}`);
  return { printed, sent };
}
const needsYes = (argv: string[]) => ['delete', 'remove', 'disable'].some((w) => argv.includes(w)) || argv.includes('--regenerate');

test('app create, update and delete', async () => {
  const created = await dryThenReal(['app', 'create', '--name', 'dry-bot', '--description', 'first']);
  expect(created.printed).toEqual(['POST applications {"name":"dry-bot","description":"first"}']);
  expect(created.sent.map((s) => s.split('?')[0])).toEqual(['POST applications {"name":"dry-bot","description":"first"}']);

  const updated = await dryThenReal(['app', 'update', '--app', 'dry-bot', '--description', 'second', '--name', 'dry-bot-2']);
  expect(updated.printed).toHaveLength(1);
  expect(updated.printed[0]).toMatch(/^PATCH applications\/id:\w+ \{"name":"dry-bot-2","description":"second"\}$/);
  expect(updated.sent.map((s) => s.replace(/\?\$fields=\S+/, ''))).toEqual(updated.printed);

  // Nothing left to change: exit 0, no request printed, and the real re-run sends nothing either.
  const again = await runCli(['app', 'update', '--app', 'dry-bot-2', '--description', 'second', '--dry-run'], { env });
  expect(again).toMatchObject({ code: 0, stdout: '' });
  expect(again.stderr).toContain('nothing to change');
  const before = emu.requests().length;
  expect((await runCli(['app', 'update', '--app', 'dry-bot-2', '--description', 'second'], { env })).code).toBe(0);
  expect(writesSince(emu, before)).toEqual([]);

  const deleted = await dryThenReal(['app', 'delete', '--app', 'dry-bot-2']);
  expect(deleted.printed).toEqual([expect.stringMatching(/^DELETE applications\/id:\w+$/)]);
  expect(deleted.sent).toEqual(deleted.printed);
});

test('flow enable/disable, endpoint set, ssh-key add/remove, secrets: printed as sent', async () => {
  const app = await newApp(env, 'dry-app');
  const cases: string[][] = [
    ['flow', 'enable', '--app', app, 'code', '--redirect-uri', 'https://bot.example.com/cb', '--pkce'],
    ['flow', 'disable', '--app', app, 'code'],
    ['endpoint', 'set', '--app', app, '--uri', 'https://bot.example.com/space', '--verification', 'signing-key'],
    ['ssh-key', 'add', '--app', app, '--file', KEY],
    ['endpoint', 'signing-key', '--app', app, '--regenerate'],
  ];
  for (const argv of cases) {
    const { printed, sent } = await dryThenReal(argv);
    expect({ argv, printed }).toEqual({ argv, printed: sent.map((s) => s.replace(/\?\$fields=\S+/, '')) });
  }
  const fp = JSON.parse((await runCli(['ssh-key', 'list', '--app', app, '--json'], { env })).stdout).keys[0].sha256 as string;
  const removed = await dryThenReal(['ssh-key', 'remove', '--app', app, fp]);
  expect(removed.printed).toEqual(removed.sent);
});

test('rights request and project add/remove: the planned requests, JSON too', async () => {
  const app = await newApp(env, 'dry-app');
  const r = await runCli(['rights', 'request', '--app', app, 'Project.Issues.View', '--project', 'BACKEND', '--dry-run', '--json'], { env });
  expect(r.code).toBe(3);
  const doc = JSON.parse(r.stdout) as { dryRun: boolean; changed: boolean; operations: string[] };
  expect(doc).toMatchObject({ dryRun: true, changed: true });
  expect(doc.operations).toEqual([
    expect.stringMatching(/^PATCH applications\/id:\w+\/authorizations\/required-rights \{"rightCodesToAdd":\["Project.Issues.View"\]/),
    expect.stringMatching(/^PATCH applications\/id:\w+\/authorizations\/authorized-rights\/request-rights \{"contextIdentifier":"project:key:BACKEND","rightCodes":\["Project.Issues.View"\]\}$/),
  ]);
  const added = await dryThenReal(['project', 'add', '--app', app, 'MOBILE', '--right', 'Project.Issues.View']);
  expect(added.printed.map((l) => l.replace(/ \{.*/, ''))).toEqual(added.sent.map((l) => l.replace(/ \{.*/, '')));
  const removed = await dryThenReal(['project', 'remove', '--app', app, 'MOBILE']);
  expect(removed.printed).toEqual([expect.stringMatching(/^DELETE applications\/id:\w+\/authorizations\/authorized-rights\?contextIdentifier=project:key:MOBILE$/)]);
});

test('apply --dry-run prints the plan and the requests apply would send, sends none, exits 3 / 0', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'spacectl.yaml');
  fs.writeFileSync(file, 'version: 2\napps:\n  - name: dry-manifest\n    description: from a manifest\n');
  const before = emu.requests().length;
  const dry = await runCli(['apply', '-f', file, '--dry-run'], { env });
  expect(dry.code).toBe(3);
  expect(dry.stdout).toContain('+ create app dry-manifest');
  expect(dry.stdout).toContain('POST applications {"name":"dry-manifest","description":"from a manifest"}');
  expect(writesSince(emu, before)).toEqual([]);
  expect((await runCli(['apply', '-f', file, '--yes'], { env })).code).toBe(0);
  const again = await runCli(['apply', '-f', file, '--dry-run', '--json'], { env });
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ dryRun: true, changed: false, operations: [] });
});
