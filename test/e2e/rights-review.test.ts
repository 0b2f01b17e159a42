// `rights review` in a real pseudo-terminal (util-linux `script`), keys typed as a person would: approve all,
// pick (approve some, reject some), skip, quit; Ctrl+C leaves only confirmed apps changed; without a TTY it
// refuses and points at `rights authorize --policy`.
import { spawn, spawnSync } from 'node:child_process';
import type { Emulator } from '../../src/emulator/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS, writesSince } from '../helpers/emulator.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const ptyTest = hasScript ? test : test.skip;
if (!hasScript) console.warn('rights-review: util-linux `script` is missing, pseudo-terminal tests are SKIPPED');

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

const json = (s: string) => JSON.parse(s) as any;
const DOWN = '\x1b[B';
const ENTER = '\r';
const SPACE = ' ';
const CTRL_C = '\u0003';

async function seed(prefix: string, count: number, requestedAt: string): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/seed-apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      count, prefix, ownerToken: 'member', requestedAt, stepSeconds: 60,
      requested: [{ context: 'global', rights: ['Profile.View', 'Team.View'] }, { context: 'project:key:BACKEND', rights: ['Project.View'] }],
    }),
  });
  expect(res.status).toBe(200);
}

async function statuses(app: string): Promise<string[]> {
  const r = await runCli(['rights', 'list', '--app', app, '--all-contexts', '--json'], { env: envFor(emu, 'admin') });
  expect(r.code).toBe(0);
  return (json(r.stdout) as Array<{ context: string; code: string; status: string }>).map((x) => `${x.context} ${x.code} ${x.status}`).sort();
}

/** Each step waits until the screen (since the previous step's keys) matches, then types its keys. */
function inPty(args: string[], steps: Array<[RegExp, string | (() => Promise<string>)]>): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...envFor(emu, 'admin'), TERM: 'xterm' } as NodeJS.ProcessEnv });
    let screen = '';
    let from = 0;
    let next = 0;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out at step ${next}; screen so far:\n${screen.slice(-1500)}`)); }, 50_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (screen.length > 500_000) child.kill('SIGKILL');
      const step = steps[next];
      if (step && step[0].test(screen.slice(from))) {
        next++;
        from = screen.length;
        const keys = step[1];
        if (typeof keys === 'string') child.stdin.write(keys);
        else void keys().then((k) => child.stdin.write(k));
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (next < steps.length) reject(new Error(`exited (${code}) before step ${next} (${steps[next]![0]}); screen:\n${screen.slice(-1500)}`));
      else resolve({ code, screen });
    });
  });
}

describe('rights review', () => {
  test('without a terminal it refuses with exit 2, before any request, and points at authorize --policy', async () => {
    const n = emu.requests().length;
    const r = await runCli(['rights', 'review'], { env: envFor(emu, 'admin') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rights review is interactive and needs a terminal/);
    expect(r.stderr).toMatch(/spacectl rights authorize --all-apps --policy <file>/);
    expect(emu.requests().length).toBe(n);
  });

  ptyTest('approve all, pick (approve some, reject some, leave one), skip, then the end of the queue', async () => {
    await seed('rva', 3, '2025-01-01T00:00:00Z');
    const n = emu.requests().length;
    const r = await inPty(['rights', 'review', '--app', 'rva-1', '--app', 'rva-2', '--app', 'rva-3'], [
      // rva-1: Approve all (first choice), confirm.
      [/\[1\/3\] rva-1[\s\S]*what to do with these 3 rights\?/, ENTER],
      [/Send\?/, `y${ENTER}`],
      // rva-2: Pick…: approve the second (global Team.View), then reject the first of the rest (global Profile.View).
      [/\[2\/3\] rva-2[\s\S]*what to do with these 3 rights\?/, `${DOWN}${DOWN}${ENTER}`],
      [/approve which\?/, `${DOWN}${SPACE}${ENTER}`],
      [/reject which of the rest\?/, `${SPACE}${ENTER}`],
      [/approve 1, reject 1, leave 1 pending\. Send\?/, `y${ENTER}`],
      // rva-3: Skip.
      [/\[3\/3\] rva-3[\s\S]*what to do with these 3 rights\?/, `${DOWN}${DOWN}${DOWN}${ENTER}`],
    ]);
    expect(r.screen).toMatch(/Review finished: applied decisions for 2 applications \(4 approved, 1 rejected\)/);
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/Profile\.View — View member profiles \(requested by max 2025-01-01 00:00Z\)/);
    expect(await statuses('rva-1')).toEqual(['global Profile.View granted', 'global Team.View granted', 'project:key:BACKEND Project.View granted']);
    expect(await statuses('rva-2')).toEqual(['global Profile.View rejected', 'global Team.View granted', 'project:key:BACKEND Project.View requested']);
    expect(await statuses('rva-3')).toEqual(['global Profile.View requested', 'global Team.View requested', 'project:key:BACKEND Project.View requested']);
    // One PATCH per decided app and context, nothing else written.
    expect(writesSince(emu, n).map((w) => w.method)).toEqual(['PATCH', 'PATCH', 'PATCH']);
  }, 90_000);

  ptyTest('reject all, a declined confirmation sends nothing, quit stops the walk', async () => {
    await seed('rvb', 3, '2025-02-01T00:00:00Z');
    const r = await inPty(['rights', 'review', '--app', 'rvb-1', '--app', 'rvb-2', '--app', 'rvb-3'], [
      [/\[1\/3\] rvb-1[\s\S]*what to do/, `${DOWN}${ENTER}`],
      [/approve 0, reject 3, leave 0 pending\. Send\?/, `y${ENTER}`],
      [/\[2\/3\] rvb-2[\s\S]*what to do/, ENTER],
      [/Send\?/, `n${ENTER}`],
      [/\[3\/3\] rvb-3[\s\S]*what to do/, `${DOWN}${DOWN}${DOWN}${DOWN}${ENTER}`],
    ]);
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/rvb-2: nothing sent/);
    expect(r.screen).toMatch(/Review finished: applied decisions for 1 application \(0 approved, 3 rejected\)/);
    expect(await statuses('rvb-1')).toEqual(['global Profile.View rejected', 'global Team.View rejected', 'project:key:BACKEND Project.View rejected']);
    expect(await statuses('rvb-2')).toContain('global Profile.View requested');
    expect(await statuses('rvb-3')).toContain('global Profile.View requested');
  }, 90_000);

  ptyTest('Ctrl+C: what was confirmed stays applied, nothing else is sent, and it says so (exit 130)', async () => {
    await seed('rvc', 2, '2025-03-01T00:00:00Z');
    const r = await inPty(['rights', 'review', '--app', 'rvc-1', '--app', 'rvc-2'], [
      [/\[1\/2\] rvc-1[\s\S]*what to do/, ENTER],
      [/Send\?/, `y${ENTER}`],
      [/\[2\/2\] rvc-2[\s\S]*what to do/, `${DOWN}${DOWN}${ENTER}`],
      [/approve which\?/, `${SPACE}${CTRL_C}`],
    ]);
    expect(r.code).toBe(130);
    expect(r.screen).toMatch(/Interrupted: applied decisions for 1 application \(3 approved, 0 rejected\); nothing else was sent/);
    expect(r.screen).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(await statuses('rvc-1')).toEqual(['global Profile.View granted', 'global Team.View granted', 'project:key:BACKEND Project.View granted']);
    expect(await statuses('rvc-2')).toEqual(['global Profile.View requested', 'global Team.View requested', 'project:key:BACKEND Project.View requested']);
  }, 90_000);

  ptyTest('--confirm-at-end: decisions for every app are confirmed once; Ctrl+C before that sends nothing', async () => {
    await seed('rvd', 2, '2025-04-01T00:00:00Z');
    const n = emu.requests().length;
    const cancelled = await inPty(['rights', 'review', '--confirm-at-end', '--app', 'rvd-1', '--app', 'rvd-2'], [
      [/\[1\/2\] rvd-1[\s\S]*what to do/, ENTER],
      [/\[2\/2\] rvd-2[\s\S]*what to do/, CTRL_C],
    ]);
    expect(cancelled.code).toBe(130);
    expect(cancelled.screen).toMatch(/Interrupted: nothing was sent/);
    expect(writesSince(emu, n)).toEqual([]);

    const r = await inPty(['rights', 'review', '--confirm-at-end', '--app', 'rvd-1', '--app', 'rvd-2'], [
      [/\[1\/2\] rvd-1[\s\S]*what to do/, ENTER],
      [/\[2\/2\] rvd-2[\s\S]*what to do/, `${DOWN}${ENTER}`],
      [/Send the decisions for all 2 applications\?/, `y${ENTER}`],
    ]);
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/Review finished: applied decisions for 2 applications \(3 approved, 3 rejected\)/);
    expect(await statuses('rvd-1')).toContain('global Team.View granted');
    expect(await statuses('rvd-2')).toContain('global Team.View rejected');
  }, 90_000);
});

describe('rights review: Ctrl+C while a confirmed app is being sent', () => {
  ptyTest('the PATCH in flight completes and is reported as done; nothing after it is sent (exit 130)', async () => {
    await seed('rve', 2, '2025-05-01T00:00:00Z');
    // The server holds rve-1's PATCH (global context) for a while before it makes the change: Ctrl+C lands then.
    emu.injectFault({ method: 'PATCH', delayMs: 2500, count: 1 });
    const patches = () => emu.stats().byMethod.PATCH ?? 0;
    const before = patches();
    const n = emu.requests().length;
    const arrived = async () => {
      for (let i = 0; i < 400 && patches() === before; i++) await new Promise((r) => setTimeout(r, 25));
      return CTRL_C;
    };
    const r = await inPty(['rights', 'review', '--app', 'rve-1', '--app', 'rve-2'], [
      [/\[1\/2\] rve-1[\s\S]*what to do/, ENTER],
      [/Send\?/, `y${ENTER}`],
      [/./, arrived],
    ]);
    // The Ctrl+C came while the PATCH was held by the server, and was held back until it answered.
    expect(r.screen).toMatch(/\^C[\s\S]*Finishing the change in progress \(Ctrl\+C again to quit at once\)/);
    expect(r.screen).toMatch(/rve-1: approved 3, rejected 0/);
    expect(r.screen).toMatch(/Interrupted: applied decisions for 1 application \(3 approved, 0 rejected\); nothing else was sent/);
    expect(r.screen).not.toMatch(/failed|aborted/i);
    expect(r.code).toBe(130);
    expect(writesSince(emu, n).map((w) => w.method)).toEqual(['PATCH', 'PATCH']); // rve-1's two contexts, nothing for rve-2
    expect(await statuses('rve-1')).toEqual(['global Profile.View granted', 'global Team.View granted', 'project:key:BACKEND Project.View granted']);
    expect(await statuses('rve-2')).toEqual(['global Profile.View requested', 'global Team.View requested', 'project:key:BACKEND Project.View requested']);
  }, 90_000);
});
