// Faults: the fault suite of `npm test` (test/e2e/fault-suite.test.ts) at a larger scale (BENCH_FAULT_SCALE,
// default 3: three times the faults, runs and SIGKILLs), reporting the same figures. Run through jest so the
// bench and the tests exercise one suite, never two copies of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NODE, ROOT, run } from './lib.js';

export const title = 'Faults: app create, app list, rights authorize --all-apps (200 apps), apply -f (20 apps with sinks) under a fault mix, and SIGKILL';

export async function measure() {
  const scale = Number(process.env.BENCH_FAULT_SCALE ?? 3);
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spacectl-bench-faults-')), 'figures.json');
  const started = Date.now();
  const r = await run(NODE, ['--experimental-vm-modules', path.join(ROOT, 'node_modules/jest/bin/jest.js'), 'test/e2e/fault-suite.test.ts'],
    { FAULT_SUITE_SCALE: String(scale), FAULT_SUITE_REPORT: report });
  const seconds = (Date.now() - started) / 1000;
  if (!fs.existsSync(report)) throw new Error(`bench faults: the fault suite wrote no figures (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  const f = JSON.parse(fs.readFileSync(report, 'utf8'));
  return {
    columns: ['scale', 'faults injected', 'survived', 'data lost', 'leaks', 'SIGKILLs', 'runs', 'unclear failures', 'seconds'],
    rows: [[scale, f.faultsInjected, f.faultsInjected - f.dataLost, f.dataLost, f.leaks, f.crashes, f.runs, f.unclear, seconds.toFixed(0)]],
    targets: [
      { name: 'data lost: 0', ok: f.dataLost === 0, detail: f.dataLost ? f.details.dataLost.slice(0, 5).join('; ') : '0' },
      { name: 'leaks: 0', ok: f.leaks === 0, detail: String(f.leaks) },
      { name: 'every failure clear (exit ≠ 0 with an error line)', ok: f.unclear === 0, detail: f.unclear ? f.details.unclear.slice(0, 3).join('; ') : '0 unclear' },
    ],
    notes: [`seed ${f.seed} (FAULT_SEED=${f.seed} replays the mix); jest exit ${r.code}`],
    data: f,
  };
}
