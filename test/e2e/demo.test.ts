// The README's first command is `npm ci && npm run demo`: the demo (scripts/demo.js) must keep working as the
// CLI changes. It runs here against the build `npm test` just made; each step checks its own exit code and the
// script exits non-zero when one differs.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, cleanEnv } from '../helpers/cli.js';

test('npm run demo: all six registration steps end to end, exit 0', async () => {
  const r = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/demo.js')], { env: cleanEnv() as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
  expect({ code: r.code, unexpected: r.out.split('\n').filter((l) => l.startsWith('!! exit')) }).toEqual({ code: 0, unexpected: [] });
  for (let n = 1; n <= 6; n++) expect(r.out).toContain(`━━ Step ${n}:`);
  expect(r.out).toMatch(/Demo complete: all six registration steps done\./);
  expect(r.out).not.toMatch(/bug in spacectl|Unhandled|\n\s+at .*\.c?js:\d+/);
}, 180_000);
