// app export --all at organization scale (500 apps seeded through the emulator's control API): one manifest
// or one file per app, streamed, atomic, and the result plans "in sync" against the same server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Emulator } from '../../src/emulator/index.js';
import { BIN, runCli, spawnCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';

const N = 500;
let emu: Emulator;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  emu = await startTestEmulator();
  env = envFor(emu);
  const res = await fetch(`${emu.url}/__emulator/seed-apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ count: N, prefix: 'bulk', requested: [{ context: 'global', rights: ['Profile.View'] }, { context: 'project:key:BACKEND', rights: ['Project.Issues.View'] }] }),
  });
  expect(res.status).toBe(200);
  expect((await runCli(['app', 'create', '--name', 'not-bulk'], { env })).code).toBe(0);
}, 60_000);
afterAll(async () => { await emu.close(); });

const names = (doc: { apps: Array<{ name: string }> }) => doc.apps.map((a) => a.name).sort();
const expected = Array.from({ length: N }, (_, i) => `bulk-${i + 1}`).sort();

test(`${N} apps into one manifest that plans in sync against the same server`, async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'org.yaml');
  const r = await spawnCli(['app', 'export', '--all', '--name', 'bulk-', '--output', file], { env });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(`Exported ${N} applications to ${file}`);
  const doc = parse(fs.readFileSync(file, 'utf8')) as { apps: Array<{ name: string; rights: { required: string[]; global: string[]; projects?: Record<string, string[]> } }> };
  expect(names(doc)).toEqual(expected);
  expect(doc.apps[0]!.rights).toEqual({ required: ['Profile.View', 'Project.Issues.View'], global: ['Profile.View'], projects: { BACKEND: ['Project.Issues.View'] } });
  expect(fs.readdirSync(dir)).toEqual(['org.yaml']);

  const plan = await spawnCli(['plan', '-f', file], { env });
  expect(plan.stdout.trimEnd().split('\n').at(-1)).toBe('In sync: nothing to do.');
  expect(plan.stdout.match(/: in sync$/gm)).toHaveLength(N);
  expect(plan.code).toBe(0);
}, 180_000);

test('one app exported with --all reads exactly like the single-app export; stdout and JSON work too', async () => {
  const dir = tmpDir();
  expect((await runCli(['app', 'export', '--all', '--name', 'bulk-499', '--output', path.join(dir, 'all.yaml')], { env })).code).toBe(0);
  expect((await runCli(['app', 'export', '--app', 'bulk-499', '--output', path.join(dir, 'one.yaml')], { env })).code).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'all.yaml'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'one.yaml'), 'utf8'));

  const json = await runCli(['app', 'export', '--all', '--name', 'bulk-1', '--json'], { env });
  expect(json.code).toBe(0);
  const doc = JSON.parse(json.stdout) as { apps: Array<{ name: string }> };
  expect(doc.apps).toHaveLength(1 + 10 + 100); // bulk-1, bulk-10…19, bulk-100…199
  expect(doc.apps.every((a) => a.name.includes('bulk-1'))).toBe(true);
  const none = await runCli(['app', 'export', '--all', '--name', 'no-such-app', '--json'], { env });
  expect(JSON.parse(none.stdout)).toEqual({ version: 2, apps: [] });
});

test('one file per app into a directory; a non-empty directory needs --force', async () => {
  const dir = path.join(tmpDir(), 'backup');
  const r = await runCli(['app', 'export', '--all', '--name', 'bulk-2', '--output', `${dir}/`, '--json'], { env });
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ apps: 111, output: `${dir}/`, format: 'yaml', layout: 'directory' });
  const files = fs.readdirSync(dir).sort();
  expect(files).toHaveLength(111);
  expect(files).toContain('bulk-250.yaml');
  expect(names(parse(fs.readFileSync(path.join(dir, 'bulk-250.yaml'), 'utf8')) as { apps: Array<{ name: string }> })).toEqual(['bulk-250']);
  const again = await runCli(['app', 'export', '--all', '--name', 'bulk-2', '--output', dir], { env });
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/not empty; pass --force/);
  expect((await runCli(['app', 'export', '--all', '--name', 'bulk-2', '--output', dir, '--force'], { env })).code).toBe(0);
});

test('a failure midway leaves no manifest behind; bad flag combinations are usage errors', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'org.json');
  const id = JSON.parse((await runCli(['app', 'show', '--app', 'bulk-300', '--json'], { env })).stdout).id as string;
  emu.injectFault({ method: 'GET', pathPrefix: `/applications/id:${id}/authorizations/required-rights`, status: 400, count: 1 });
  const r = await runCli(['app', 'export', '--all', '--name', 'bulk-3', '--output', file], { env });
  expect(r.code).toBe(1);
  expect(fs.readdirSync(dir)).toEqual([]);

  for (const argv of [['--all', '--app', 'bulk-1'], ['--name', 'bulk'], ['--all', '--output', path.join(dir)]]) {
    fs.writeFileSync(path.join(dir, 'x'), '');
    const u = await runCli(['app', 'export', ...argv], { env });
    expect({ argv, code: u.code }).toEqual({ argv, code: 2 });
  }
});

const hasScript = spawnSync('script', ['--version']).status === 0;
(hasScript ? test : test.skip)('a terminal shows a progress counter on stderr; a pipe does not', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'org.yaml');
  // util-linux `script` gives the command a real pseudo-terminal.
  const command = [process.execPath, BIN, 'app', 'export', '--all', '--name', 'bulk-', '--output', file].map((a) => `'${a}'`).join(' ');
  emu.setLatency(2); // enough requests take long enough for the (throttled) counter to be drawn
  let screen = '';
  try {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...env, TERM: 'xterm' } as NodeJS.ProcessEnv });
      child.stdout.on('data', (d: Buffer) => { screen += d.toString(); });
      child.on('close', resolve);
    });
    expect(code).toBe(0);
  } finally {
    emu.setLatency(0);
  }
  expect(screen).toMatch(new RegExp(`\r${String.fromCharCode(27)}\\[2KExported \\d+ applications…`)); // redrawn in place
  expect(screen).toContain(`Exported ${N} applications to ${file}`);
  expect(names(parse(fs.readFileSync(file, 'utf8')) as { apps: Array<{ name: string }> })).toEqual(expected);

  const piped = await spawnCli(['app', 'export', '--all', '--name', 'bulk-49', '--output', path.join(dir, 'piped.yaml')], { env });
  expect(piped.code).toBe(0);
  expect(piped.stderr).not.toContain('…');
}, 120_000);
