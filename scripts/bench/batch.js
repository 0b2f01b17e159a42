// Batch approval at scale: `rights authorize --all-apps --yes --json` against the emulator (its own process) with
// 25 ms latency per request, N apps each with 4 pending rights in two contexts. What counts is checked on the
// server — its request and write counters and the status of every right afterwards — not the CLI's summary.
// Time is split into a fixed part (start-up, first page) and a per-app part by fitting T = a + b·N over the
// sizes, so small batches are judged fairly and linearity is judged on at least three sizes.
import path from 'node:path';
import { ADMIN, BIN, NODE, ROOT, fmt, run, startEmulator } from './lib.js';

export const title = 'Batch approval: `rights authorize --all-apps --yes --json`, 25 ms latency per request, 4 pending rights in 2 contexts per app';

const LATENCY_MS = 25;
const RIGHTS_PER_APP = 4;
const DEFAULT_CONCURRENCY = 8;
const PROBE = path.join(ROOT, 'scripts/rss-probe.cjs');

/** Least-squares fit of T = a + b·N; with one point, all of T is per-app cost. */
function fit(points) {
  if (points.length < 2) return { a: 0, b: points[0] ? points[0].t / points[0].n : NaN };
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.n, 0) / n;
  const my = points.reduce((s, p) => s + p.t, 0) / n;
  const b = points.reduce((s, p) => s + (p.n - mx) * (p.t - my), 0) / points.reduce((s, p) => s + (p.n - mx) ** 2, 0);
  return { a: my - b * mx, b };
}

async function once(n, concurrency) {
  const emu = await startEmulator();
  try {
    await emu.control('POST', 'seed-apps', {
      count: n, prefix: 'batch', ownerToken: 'member',
      requested: [{ context: 'global', rights: ['Profile.View', 'Team.View'] }, { context: 'project:key:BACKEND', rights: ['Project.Issues.View', 'Project.View'] }],
    });
    const before = await emu.control('GET', 'rights-status');
    await emu.control('PUT', 'latency', { ms: LATENCY_MS });
    await emu.control('POST', 'stats/reset');
    const args = ['--expose-gc', '--require', PROBE, BIN, 'rights', 'authorize', '--all-apps', '--yes', '--json', '--concurrency', String(concurrency)];
    const r = await run(NODE, args, { SPACE_URL: emu.url, SPACE_TOKEN: ADMIN });
    const stats = await emu.control('GET', 'stats');
    const after = await emu.control('GET', 'rights-status');
    if (r.code !== 0) process.stderr.write(`  rights authorize (n=${n}, c=${concurrency}) exited ${r.code}: ${r.stderr.split('\n').slice(-5).join(' | ')}\n`);
    const b = {
      apps: n, concurrency, exitCode: r.code, seconds: r.ms / 1000, requests: stats.requests, writes: stats.writes,
      requestedBefore: before.byStatus.REQUESTED ?? 0, grantedAfter: after.byStatus.GRANTED ?? 0, stillRequested: after.byStatus.REQUESTED ?? 0,
      peakRssMb: Number(/__bench_maxrss_kb=(\d+)/.exec(r.stderr)?.[1]) / 1024,
      liveHeapMb: Number(/__bench_live_heap_kb=(\d+)/.exec(r.stderr)?.[1]) / 1024,
    };
    process.stderr.write(`  batch n=${n} c=${concurrency}: ${fmt(b.seconds, 2)} s, ${b.requests} requests, ${b.grantedAfter}/${n * RIGHTS_PER_APP} granted on the server\n`);
    return b;
  } finally {
    await emu.stop();
  }
}

export async function measure({ sizes, sequentialSizes }) {
  const batch = [];
  for (const n of sizes) {
    for (const c of sequentialSizes.includes(n) ? [1, DEFAULT_CONCURRENCY] : [DEFAULT_CONCURRENCY]) batch.push(await once(n, c));
  }
  const targets = [];
  const at = (n, c) => batch.find((b) => b.apps === n && b.concurrency === c);
  const byConcurrency = (c) => batch.filter((b) => b.concurrency === c).sort((x, y) => x.apps - y.apps);
  const fits = Object.fromEntries([1, DEFAULT_CONCURRENCY].map((c) => [c, fit(byConcurrency(c).map((b) => ({ n: b.apps, t: b.seconds })))]));

  for (const b of byConcurrency(DEFAULT_CONCURRENCY)) {
    const want = b.apps * RIGHTS_PER_APP;
    targets.push({
      name: `all rights approved on the server, exit 0 (n=${b.apps})`,
      ok: b.exitCode === 0 && b.requestedBefore === want && b.grantedAfter === want && b.stillRequested === 0,
      detail: `exit ${b.exitCode}; server: ${b.grantedAfter} of ${want} granted, ${b.stillRequested} still requested`,
    });
    // The rights issue's budget: 1 authorized-contexts GET + per context one rights GET and one PATCH, plus the
    // paged app listing (100 per page).
    const budget = 5 * b.apps + Math.ceil(b.apps / 100);
    targets.push({ name: `requests ≤ 5 per app + 1 per listed page (n=${b.apps})`, ok: b.requests <= budget, detail: `${b.requests} of ${budget}, ${b.writes} writes` });
  }
  const speedups = sizes.filter((n) => at(n, 1) && at(n, DEFAULT_CONCURRENCY)).map((n) => ({ n, x: at(n, 1).seconds / at(n, DEFAULT_CONCURRENCY).seconds }));
  for (const s of speedups.filter((x) => x.n >= 1000)) targets.push({ name: `speed-up of concurrency ${DEFAULT_CONCURRENCY} over 1 ≥ 6× (n=${s.n})`, ok: s.x >= 6, detail: `${fmt(s.x)}×` });
  const defaults = byConcurrency(DEFAULT_CONCURRENCY);
  if (defaults.length >= 3) {
    // Linear: the marginal cost of an added app, between consecutive sizes, stays the same (the fixed part of a
    // small run does not count against it).
    const slopes = defaults.slice(1).map((b, i) => (b.seconds - defaults[i].seconds) / (b.apps - defaults[i].apps));
    const spread = Math.max(...slopes) / Math.min(...slopes);
    targets.push({ name: `time linear in N over ${defaults.length} sizes (marginal time per added app within 1.25×)`, ok: spread <= 1.25, detail: `${slopes.map((x) => `${fmt(x * 1000)} ms`).join(' → ')} per app (${fmt(spread, 2)}×)` });
  }
  const big = defaults.find((b) => b.apps === 5000);
  const mid = defaults.find((b) => b.apps === 1000);
  if (big && mid) targets.push({ name: 'peak RSS flat 1,000 → 5,000 (within 20%)', ok: big.peakRssMb <= mid.peakRssMb * 1.2, detail: `${fmt(mid.peakRssMb)} → ${fmt(big.peakRssMb)} MB (live heap after GC ${fmt(mid.liveHeapMb)} → ${fmt(big.liveHeapMb)} MB)` });
  for (const b of defaults) targets.push({ name: `peak RSS < 150 MB (n=${b.apps})`, ok: b.peakRssMb < 150, detail: `${fmt(b.peakRssMb)} MB` });

  const notes = [];
  for (const c of [1, DEFAULT_CONCURRENCY]) {
    const f = fits[c];
    const pts = byConcurrency(c).length;
    if (pts >= 2) notes.push(`Concurrency ${c}: fixed cost a = ${fmt(f.a, 2)} s, per-app cost b = ${fmt(f.b * 1000, 2)} ms (T = a + b·N fitted over ${pts} sizes).`);
  }
  if (fits[1] && byConcurrency(1).length >= 2 && defaults.length >= 2) notes.push(`Per-app speed-up of concurrency ${DEFAULT_CONCURRENCY} over 1: ${fmt(fits[1].b / fits[DEFAULT_CONCURRENCY].b)}× (the fixed cost is paid once either way).`);
  for (const s of speedups.filter((x) => x.n < 1000)) notes.push(`Whole-run speed-up at n=${s.n}: ${fmt(s.x)}× (the fixed cost weighs more on small batches).`);

  return {
    columns: ['apps', 'concurrency', 'seconds', 'apps/s', 'requests/app', 'writes', 'granted on server', 'peak RSS MB', 'live heap MB'],
    rows: batch.map((b) => [b.apps, b.concurrency, fmt(b.seconds, 2), fmt(b.apps / b.seconds), fmt(b.requests / b.apps, 2), b.writes, `${b.grantedAfter}/${b.apps * RIGHTS_PER_APP}`, fmt(b.peakRssMb), fmt(b.liveHeapMb)]),
    targets,
    notes,
    data: { batch, fits, speedups },
  };
}
