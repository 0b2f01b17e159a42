// Prompts in a real pseudo-terminal (util-linux `script`), the way a person meets them. Such a terminal has
// no size (0 columns), which once made the spinner loop forever: these runs also guard against that.
import { spawn, spawnSync } from 'node:child_process';
import type { Emulator } from '../../src/emulator/index.js';
import { BIN } from '../helpers/cli.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const ptyTest = hasScript ? test : test.skip;

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

/** Runs spacectl in a pty; `answer(screen)` returns keystrokes to type once the screen shows what it waits for. */
function inPty(args: string[], answer: (screen: string) => string | undefined): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...envFor(emu), TERM: 'xterm' } as NodeJS.ProcessEnv });
    let screen = '';
    let answered = false;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out; screen so far:\n${screen.slice(-500)}`)); }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (screen.length > 200_000) child.kill('SIGKILL'); // a runaway writer (the spinner bug) fails fast
      const keys = answered ? undefined : answer(screen);
      if (keys !== undefined) {
        answered = true;
        child.stdin.write(keys);
      }
    });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, screen }); });
  });
}

ptyTest('a missing --name is asked for in a terminal, and the app is created', async () => {
  const r = await inPty(['app', 'create', '--json'], (s) => (s.includes('Application name') ? 'pty-bot\r' : undefined));
  expect(r.code).toBe(0);
  expect(r.screen).toMatch(/"name": "pty-bot"/);
  expect(r.screen.length).toBeLessThan(5_000);
});

ptyTest('Ctrl+C at a prompt exits 130 without a stack trace', async () => {
  const r = await inPty(['app', 'create'], (s) => (s.includes('Application name') ? '\u0003' : undefined));
  expect(r.code).toBe(130);
  expect(r.screen).toMatch(/Cancelled/);
  expect(r.screen).not.toMatch(/\n\s+at .+:\d+:\d+/);
});
