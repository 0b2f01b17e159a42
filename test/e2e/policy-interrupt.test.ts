// Ctrl+C during `rights authorize --policy` goes through main's one interrupt signal (no listener of the
// command's own): the batch stops taking apps, says so, exits 130, and a re-run finishes the rest.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Emulator } from '../../src/emulator/index.js';
import { BIN, runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator({ latencyMs: 40 }); });
afterAll(async () => { await emu.close(); });

// One app at a time, and eight at once: with writes always in flight somewhere, Ctrl+C must still stop the batch
// promptly (writes already sent finish; nothing waits for a quiet moment that never comes).
test.each([[1, 60], [8, 240]])('Ctrl+C mid-batch (concurrency %i): "Interrupted", exit 130, only some apps done; the re-run approves the rest', async (concurrency, count) => {
  const prefix = `intr${concurrency}-`;
  const res = await fetch(`${emu.url}/__emulator/seed-apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ count, prefix, ownerToken: 'member', requested: [{ context: 'global', rights: ['Profile.View'] }] }),
  });
  expect(res.status).toBe(200);
  const policy = path.join(tmpDir(), 'policy.yaml');
  fs.writeFileSync(policy, 'rules:\n  - action: approve\n    rights: [Profile.View]\n');
  const env = envFor(emu, 'admin');
  const args = ['rights', 'authorize', '--all-apps', '--policy', policy, '--yes', '--concurrency', String(concurrency)];

  const r = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      // A few apps in: one Ctrl+C (a second would mean "quit at once").
      if (!sent && stdout.split('\n').length > 3) { sent = true; child.kill('SIGINT'); }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, stdout }));
  });
  expect(r.stderr).toMatch(/Interrupted/);
  expect(r.stderr).not.toMatch(/Unhandled|at .*\.js:\d+/);
  expect(r.code).toBe(130);
  const pending = async (): Promise<number> => {
    const q = await runCli(['rights', 'pending', '--json'], { env });
    expect(q.code).toBe(0);
    return (JSON.parse(q.stdout).rights as unknown[]).length;
  };
  const left = await pending();
  expect(left).toBeGreaterThan(0); // it stopped early…
  expect(left).toBeLessThan(count); // …after doing some

  const again = await runCli(['rights', 'authorize', '--all-apps', '--policy', policy, '--yes', '--json'], { env });
  expect(again.code).toBe(0);
  // Each right approved exactly once over the two runs: what the first run did is not approved again.
  expect(JSON.parse(again.stdout).summary.approved).toBe(left);
  expect(await pending()).toBe(0);
}, 60_000);
