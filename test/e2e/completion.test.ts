// Shell completion driven in a real bash: the generated script is sourced, COMP_WORDS/COMP_CWORD are set as
// bash sets them on TAB, and COMPREPLY is what the user would be offered.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { BIN, runCli, spawnCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';

let emu: Emulator;
let script: string;
let binDir: string;
beforeAll(async () => {
  emu = await startTestEmulator();
  const dir = tmpDir();
  // `spacectl` on PATH, as after `npm link`: the script calls it by name.
  binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir);
  fs.writeFileSync(path.join(binDir, 'spacectl'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  const r = await spawnCli(['completion', 'bash']);
  expect(r.code).toBe(0);
  script = path.join(dir, 'spacectl.bash');
  fs.writeFileSync(script, r.stdout);
  const env = envFor(emu, 'member');
  for (const name of ['comp-alpha', 'comp-beta', 'other-app']) expect((await runCli(['app', 'create', '--name', name], { env })).code).toBe(0);
}, 60_000);
afterAll(async () => { await emu.close(); });

/** What bash offers for `spacectl <words>` with the cursor at the end of the last word. */
function complete(words: string[], extraEnv: Record<string, string> = {}): Promise<{ replies: string[]; compopt: string }> {
  const quoted = ['spacectl', ...words].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const program = [
    // Outside a real TAB press the builtin refuses; record what the script asked for instead.
    'exec 3>&2; compopt() { echo "COMPOPT $*" >&3; }',
    `source '${script}'`,
    `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length}`,
    '_spacectl_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const env = { ...envFor(emu, 'member'), ...extraEnv, PATH: `${binDir}:${process.env.PATH}` } as NodeJS.ProcessEnv;
  return new Promise((resolve, reject) => {
    execFile('bash', ['--norc', '--noprofile', '-c', program], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stderr}`));
      resolve({ replies: stdout.split('\n').filter(Boolean), compopt: stderr.trim() });
    });
  });
}

test('the script registers a completion function and is valid bash', async () => {
  const r = await new Promise<string>((resolve, reject) => execFile('bash', ['--norc', '-c', `source '${script}' && complete -p spacectl`], (e, out) => (e ? reject(e) : resolve(out))));
  expect(r.trim()).toBe('complete -F _spacectl_complete spacectl');
});

test('commands, subcommands and flags', async () => {
  expect((await complete(['ap'])).replies).toEqual(['app', 'apply', 'api']);
  expect((await complete(['app', 'sh'])).replies).toEqual(['show']);
  expect((await complete(['rights', ''])).replies).toEqual(expect.arrayContaining(['catalog', 'request', 'authorize', 'list']));
  const flags = (await complete(['app', 'create', '--'])).replies;
  expect(flags.slice(0, 3)).toEqual(['--name', '--description', '--email']);
  expect(flags).toEqual(expect.arrayContaining(['--profile', '--json', '--help']));
  expect((await complete(['app', 'create', '--name', 'x', '--re'])).replies).toEqual(['--reveal-secret']);
});

test('flag values: choices, right codes from the catalog, files, positional values', async () => {
  expect((await complete(['endpoint', 'set', '--verification', 's'])).replies).toEqual(['signing-key']);
  expect((await complete(['rights', 'request', '--app', 'comp-alpha', 'Project.Issues.Vi'])).replies).toEqual(['Project.Issues.View', 'Project.Issues.ViewParticipants', 'Project.Issues.ViewReactions']);
  expect((await complete(['rights', 'authorize', '--right', 'Team.V'])).replies).toEqual(['Team.View']);
  expect((await complete(['flow', 'enable', '--app', 'comp-alpha', ''])).replies).toEqual(['client-credentials', 'authorization-code', 'code', 'implicit']);
  expect((await complete(['completion', ''])).replies).toEqual(['bash', 'zsh', 'fish', 'powershell']);
  const files = await complete(['apply', '--file', '']);
  expect(files).toEqual({ replies: [], compopt: 'COMPOPT -o default' });
});

test('app names and project keys come from the server', async () => {
  expect((await complete(['app', 'show', '--app', 'comp-'])).replies).toEqual(['comp-alpha', 'comp-beta']);
  expect((await complete(['app', 'show', '-a', ''])).replies).toEqual(expect.arrayContaining(['comp-alpha', 'comp-beta', 'other-app']));
  expect((await complete(['project', 'add', '--app', 'comp-alpha', ''])).replies).toEqual(['BACKEND', 'MOBILE', 'WEB']);
  expect((await complete(['rights', 'list', '--project', 'MO'])).replies).toEqual(['MOBILE']);
});

test('a server that does not answer, or no credentials at all, never blocks the shell or prints an error', async () => {
  // A server that accepts connections and never answers: without the time box the TAB would hang and the
  // test would time out.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => void sockets.add(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const { port } = silent.address() as net.AddressInfo;
    const slow = await complete(['app', 'show', '--app', ''], { SPACE_URL: `http://127.0.0.1:${port}`, SPACECTL_COMPLETE_TIMEOUT_MS: '300' });
    expect(slow).toEqual({ replies: [], compopt: '' });
    expect(sockets.size).toBeGreaterThan(0); // it did try
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  }
  const none = await complete(['app', 'show', '--app', ''], { SPACE_URL: '', SPACE_TOKEN: '' });
  expect(none).toEqual({ replies: [], compopt: '' });
}, 60_000);

const has = (shell: string) => spawnSync(shell, ['--version']).status === 0;

/** Runs a shell program with `spacectl` on PATH and the member's credentials; returns stdout lines. */
function shell(cmd: string, args: string[]): Promise<string[]> {
  const env = { ...envFor(emu, 'member'), PATH: `${binDir}:${process.env.PATH}` } as NodeJS.ProcessEnv;
  return new Promise((resolve, reject) => execFile(cmd, args, { env, timeout: 60_000 }, (e, out, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve(out.split('\n').filter(Boolean)))));
}

(has('zsh') ? test : test.skip)('zsh: the function offers what the completer prints, files through _files', async () => {
  const script = path.join(tmpDir(), '_spacectl');
  fs.writeFileSync(script, (await runCli(['completion', 'zsh'])).stdout);
  // Outside a TAB press, record what the function hands to zsh's completion builtins.
  const run = (words: string[]) => shell('zsh', ['-f', '-c', [
    'compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }; _files() { print FILES; }',
    `source '${script}'`,
    `words=(spacectl ${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length + 1}; _spacectl`,
  ].join('\n')]);
  expect(await run(['app', 'sh'])).toEqual(['show']);
  expect(await run(['app', 'show', '--app', 'comp-'])).toEqual(['comp-alpha', 'comp-beta']);
  expect(await run(['apply', '--file', ''])).toEqual(['FILES']);
});

(has('fish') ? test : test.skip)('fish: complete -C offers what the completer prints', async () => {
  const script = path.join(tmpDir(), 'spacectl.fish');
  fs.writeFileSync(script, (await runCli(['completion', 'fish'])).stdout);
  const run = (line: string) => shell('fish', ['--no-config', '-c', `source '${script}'; complete -C '${line}'`]);
  expect(await run('spacectl app sh')).toEqual(['show']);
  expect(await run('spacectl endpoint set --verification s')).toEqual(['signing-key']);
  expect(await run('spacectl project add --app comp-alpha MO')).toEqual(['MOBILE']);
});

test('zsh, fish and PowerShell scripts call the same completer', async () => {
  for (const shell of ['zsh', 'fish', 'powershell']) {
    const r = await runCli(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('spacectl __complete --');
  }
  const bad = await runCli(['completion', 'tcsh']);
  expect(bad.code).toBe(2);
});
