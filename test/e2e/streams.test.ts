// Stream policy end to end: colour decided per stream in a real terminal, one JSON document on every failure.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { BIN, runCli, spawnCli, tmpDir } from '../helpers/cli.js';
import { envFor, newApp, startTestEmulator } from '../helpers/emulator.js';
import { hasScript, inPty, sh } from '../helpers/pty.js';

const ptyTest = hasScript ? test : test.skip;
if (!hasScript) console.warn('SKIPPED: pseudo-terminal tests need util-linux `script`');
const ESC = '\u001b[';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

/** The environment of a person at a terminal: no NO_COLOR, which the other test helpers set. */
const terminalEnv = () => envFor(emu, 'admin', { NO_COLOR: undefined });
const cli = (args: string[]) => `${sh(process.execPath)} ${sh(BIN)} ${args.map(sh).join(' ')}`;

describe('colour is decided per stream', () => {
  ptyTest('stdout redirected to a file, stderr on the terminal: the file is plain, the terminal coloured', async () => {
    const file = path.join(tmpDir(), 'out.txt');
    const r = await inPty(`${cli(['app', 'create', '--name', 'colour-out'])} > ${sh(file)}`, terminalEnv());
    expect(r.code).toBe(0);
    const out = fs.readFileSync(file, 'utf8');
    expect(out).toMatch(/name: +colour-out/);
    expect(out).not.toContain(ESC);
    expect(r.screen).toContain(`${ESC}32m✓`); // the green tick of "Created application" on stderr
  });

  ptyTest('stderr redirected to a file, stdout on the terminal: the file is plain, the terminal coloured', async () => {
    const file = path.join(tmpDir(), 'err.txt');
    const r = await inPty(`${cli(['app', 'create', '--name', 'colour-err'])} 2> ${sh(file)}`, terminalEnv());
    expect(r.code).toBe(0);
    const err = fs.readFileSync(file, 'utf8');
    expect(err).toMatch(/✓ Created application colour-err/);
    expect(err).not.toContain(ESC);
    expect(r.screen).toContain(`${ESC}2mname:`); // dim keys on stdout
  });

  ptyTest('`app show > f` and `--help > f` on a terminal write plain text', async () => {
    const env = terminalEnv();
    const name = await newApp(env, 'show-colour');
    const dir = tmpDir();
    const r = await inPty(`${cli(['app', 'show', '--app', name])} > ${sh(path.join(dir, 'show'))}; ${cli(['--help'])} > ${sh(path.join(dir, 'help'))}`, env);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'show'), 'utf8')).toMatch(/^id: /);
    expect(fs.readFileSync(path.join(dir, 'help'), 'utf8')).toMatch(/\nUSAGE\n/);
    expect(fs.readFileSync(path.join(dir, 'show'), 'utf8') + fs.readFileSync(path.join(dir, 'help'), 'utf8')).not.toContain(ESC);
  });

  ptyTest('NO_COLOR, CLICOLOR=0 and --no-color turn colour off on a terminal; the help titles are bold otherwise', async () => {
    for (const [extra, args] of [[{ NO_COLOR: '1' }, []], [{ CLICOLOR: '0' }, []], [{}, ['--no-color']]] as const) {
      const r = await inPty(cli([...args, 'app', 'create', '--name', `plain-${Object.keys(extra)[0] ?? 'flag'}`]), { ...terminalEnv(), ...extra });
      expect(r.code).toBe(0);
      expect(r.screen).not.toContain(ESC);
    }
    const help = await inPty(cli(['--help']), terminalEnv());
    expect(help.screen).toContain(`${ESC}1mUSAGE`);
  });

  test('FORCE_COLOR colours a pipe; piped output is plain by default', async () => {
    const env = envFor(emu, 'admin', { NO_COLOR: undefined });
    const plain = await spawnCli(['app', 'create', '--name', 'pipe-plain'], { env });
    expect(plain.stdout + plain.stderr).not.toContain(ESC);
    const forced = await spawnCli(['app', 'create', '--name', 'pipe-forced'], { env: { ...env, FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESC);
    expect(forced.stderr).toContain(ESC);
  });
});

describe('--json: exactly one JSON document on stdout for every failure', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown option', ['app', 'list', '--bogus', '--json'], /unknown option '--bogus'/],
    ['an unknown command', ['--json', 'app', 'crate'], /unknown command 'crate'/],
    ['an invalid choice', ['rights', 'catalog', '--level', 'bogus', '--json'], /--level.*bogus.*global, project, channel/],
    ['a missing argument', ['project', 'remove', '--json', '--app', 'x'], /missing required argument/],
    ['a usage error of the command', ['app', 'create', '--json', '--no-input'], /--name/],
  ];
  test.each(cases)('%s', async (_what, args, message) => {
    const r = await runCli(args, { env: envFor(emu) });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { error: { message: string; exitCode: number } };
    expect(doc.error.message).toMatch(message);
    expect(doc.error.exitCode).toBe(2);
    expect(r.stderr).toMatch(/error/);
  });

  test('an API failure (404) and an auth failure are documents too', async () => {
    const missing = await runCli(['app', 'show', '--app', 'no-such-app', '--json'], { env: envFor(emu) });
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toMatch(/no-such-app/);
    const denied = await runCli(['app', 'list', '--json'], { env: envFor(emu, 'admin', { SPACE_TOKEN: 'wrong' }) });
    expect(denied.code).toBe(4);
    expect(JSON.parse(denied.stdout).error.exitCode).toBe(4);
  });

  test('an invalid manifest: its problems as an array', async () => {
    const file = path.join(tmpDir(), 'bad.yaml');
    fs.writeFileSync(file, 'apps:\n  - name: x\n    flows: 3\n    bogus: 1\n');
    const r = await runCli(['plan', '-f', file, '--json'], { env: envFor(emu) });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { error: { problems: string[] } };
    expect(Array.isArray(doc.error.problems)).toBe(true);
    expect(doc.error.problems.length).toBeGreaterThanOrEqual(2);
  });
});

describe('Ctrl+C and slow reads', () => {
  ptyTest('Ctrl+C during `rights request --wait`: the result and who can approve first, then "Cancelled", exit 130', async () => {
    const env = envFor(emu, 'member', { NO_COLOR: undefined });
    const name = await newApp(env, 'wait-bot');
    const r = await inPty(`exec ${cli(['rights', 'request', '--app', name, '--project', 'BACKEND', 'Project.Issues.View', '--wait', '--interval', '1'])}`, env,
      (screen) => (screen.includes('Ctrl+C stops waiting') ? '\u0003' : undefined));
    expect(r.code).toBe(130);
    const approver = r.screen.indexOf('can be approved by');
    expect(approver).toBeGreaterThanOrEqual(0);
    expect(approver).toBeLessThan(r.screen.indexOf('Waiting up to'));
    expect(r.screen).toMatch(/Cancelled: stopped waiting/);
    expect(r.screen).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  ptyTest('Ctrl+C during a slow request: "Cancelled", exit 130, no stack', async () => {
    const slow = await startTestEmulator({ latencyMs: 20_000 });
    try {
      const env = envFor(slow, 'admin', { NO_COLOR: undefined });
      const r = await inPty(`stty cols 100; exec ${cli(['app', 'list'])}`, env, (screen) => (screen.includes('Waiting for the server') ? '\u0003' : undefined));
      expect(r.code).toBe(130);
      expect(r.screen).toMatch(/Cancelled/);
      expect(r.screen).not.toMatch(/error: |This looks like a bug/);
    } finally {
      await slow.close();
    }
  });

  ptyTest('a read slower than ~150 ms shows a spinner on the terminal\'s stderr, never in redirected stdout', async () => {
    const slow = await startTestEmulator({ latencyMs: 800 });
    try {
      const env = envFor(slow, 'admin', { NO_COLOR: undefined });
      const name = await newApp(env, 'slow-read');
      const file = path.join(tmpDir(), 'show.txt');
      const r = await inPty(`stty cols 100; ${cli(['app', 'show', '--app', name])} > ${sh(file)}`, env);
      expect(r.code).toBe(0);
      expect(r.screen).toContain('Waiting for the server');
      expect(fs.readFileSync(file, 'utf8')).toMatch(new RegExp(`^id: .*\\nname: +${name}\\n`));
    } finally {
      await slow.close();
    }
  });
});
