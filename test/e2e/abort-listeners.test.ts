// Batch commands keep many requests in flight on the run's one interrupt signal; Node must not take that for a
// listener leak (it printed "MaxListenersExceededWarning … 11 abort listeners" into `rights authorize` output).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Emulator } from '../../src/emulator/index.js';
import { spawnCli } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator({ latencyMs: 20 }); });
afterAll(async () => { await emu.close(); });

test('rights authorize over 40 apps × 3 contexts: no listener-leak warning on stderr', async () => {
  const res = await fetch(`${emu.url}/__emulator/seed-apps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      count: 40, prefix: 'listeners', ownerToken: 'member',
      requested: [
        { context: 'global', rights: ['Profile.Edit'] },
        { context: 'project:key:BACKEND', rights: ['Project.Issues.View'] },
        { context: 'project:key:MOBILE', rights: ['Project.Issues.View'] },
      ],
    }),
  });
  expect(res.status).toBe(200);
  const r = await spawnCli(['rights', 'authorize', '--all-apps', '--yes'], { env: envFor(emu, 'admin') });
  expect(r.stderr).not.toMatch(/MaxListenersExceeded|memory leak/);
  expect(r.code).toBe(0);
}, 60_000);
