// The admins' queue at scale: `rights pending --json` against the emulator (its own process) with 25 ms latency
// per request, over apps in mixed contexts — 40% with requests in global, 40% in global and a project, 20% with
// nothing pending. Checked on the server (request and write counters) and against the seeded queue.
// BENCH_PENDING_SIZES picks the sizes (default 200,1000): memory should not grow with the apps listed.
import path from 'node:path';
import { ADMIN, BIN, NODE, ROOT, fmt, run, startEmulator } from './lib.js';

export const title = 'Queue: `rights pending --json`, 25 ms latency per request, apps in mixed contexts (40% global, 40% global + project, 20% none pending)';

const LATENCY_MS = 25;
const PROBE = path.join(ROOT, 'scripts/rss-probe.cjs');

async function once(n) {
  const emu = await startEmulator();
  try {
    const mixed = [
      { prefix: 'g', count: Math.round(n * 0.4), requested: [{ context: 'global', rights: ['Profile.View', 'Team.View'] }] },
      { prefix: 'gp', count: Math.round(n * 0.4), requested: [{ context: 'global', rights: ['Team.Edit'] }, { context: 'project:key:BACKEND', rights: ['Project.Issues.View', 'Project.View'] }] },
    ];
    const idle = { prefix: 'idle', count: n - mixed[0].count - mixed[1].count, requested: [] };
    // Request times run backwards through the listing, so the queue's order is not the listing's.
    for (const m of [...mixed, idle]) await emu.control('POST', 'seed-apps', { ...m, ownerToken: 'member', requestedAt: '2026-01-01T00:00:00Z', stepSeconds: -60 });
    const want = mixed[0].count * 2 + mixed[1].count * 3;
    await emu.control('PUT', 'latency', { ms: LATENCY_MS });
    await emu.control('POST', 'stats/reset');
    const r = await run(NODE, ['--expose-gc', '--require', PROBE, BIN, 'rights', 'pending', '--json'], { SPACE_URL: emu.url, SPACE_TOKEN: ADMIN });
    const stats = await emu.control('GET', 'stats');
    let listed;
    try { listed = JSON.parse(r.stdout).summary?.rights; } catch { listed = undefined; }
    if (r.code !== 0) process.stderr.write(`  rights pending (n=${n}) exited ${r.code}: ${r.stderr.split('\n').slice(-5).join(' | ')}\n`);
    const p = {
      apps: n, exitCode: r.code, seconds: r.ms / 1000, requests: stats.requests, writes: stats.writes, want, listed,
      // One authorized-contexts GET per app, one rights GET per context it is in (global always), one page per 100 apps.
      budget: n + n + mixed[1].count + Math.ceil(n / 100) + 1,
      peakRssMb: Number(/__bench_maxrss_kb=(\d+)/.exec(r.stderr)?.[1]) / 1024,
      liveHeapMb: Number(/__bench_live_heap_kb=(\d+)/.exec(r.stderr)?.[1]) / 1024,
    };
    process.stderr.write(`  pending n=${n}: ${fmt(p.seconds, 2)} s, ${p.requests} requests, ${p.listed}/${want} rights listed\n`);
    return p;
  } finally {
    await emu.stop();
  }
}

export async function measure() {
  const sizes = (process.env.BENCH_PENDING_SIZES ?? '200,1000').split(',').map(Number).filter((n) => n > 0);
  const runs = [];
  for (const n of sizes) runs.push(await once(n));
  const targets = [];
  for (const p of runs) {
    targets.push({ name: `every pending right listed, nothing written, exit 0 (n=${p.apps})`, ok: p.exitCode === 0 && p.listed === p.want && p.writes === 0, detail: `exit ${p.exitCode}; ${p.listed} of ${p.want} listed; ${p.writes} writes` });
    targets.push({ name: `requests ≤ 1 per app + 1 per context + 1 per listed page (n=${p.apps})`, ok: p.requests <= p.budget, detail: `${p.requests} of ${p.budget} (${fmt(p.requests / p.apps, 2)} per app)` });
    targets.push({ name: `peak RSS < 150 MB (n=${p.apps})`, ok: p.peakRssMb < 150, detail: `${fmt(p.peakRssMb)} MB` });
  }
  return {
    columns: ['apps', 'seconds', 'apps/s', 'requests/app', 'writes', 'rights listed', 'peak RSS MB', 'live heap MB'],
    rows: runs.map((p) => [p.apps, fmt(p.seconds, 2), fmt(p.apps / p.seconds), fmt(p.requests / p.apps, 2), p.writes, `${p.listed}/${p.want}`, fmt(p.peakRssMb), fmt(p.liveHeapMb)]),
    targets,
    notes: ['Rows are sorted oldest first, so they are kept until the scan ends (~150 bytes each): memory grows with the pending rights, not with the apps listed.'],
    data: { pending: runs },
  };
}
