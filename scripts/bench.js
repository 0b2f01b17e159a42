#!/usr/bin/env node
// `npm run bench`: start-up, single commands and batch approval, all measured in this one run and printed
// side by side as ratios (machines here are shared and noisy: absolute numbers mean little, ratios more).
// Writes bench/results.json (not committed) so runs can be compared.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/spacectl.cjs');
const PROBE = path.join(ROOT, 'scripts/rss-probe.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number).filter((n) => n > 0); // BENCH_SIZES=0: no batch
const SEQUENTIAL_SIZES = new Set((process.env.BENCH_SEQUENTIAL_SIZES ?? '100,1000').split(',').map(Number));
const LATENCY_MS = 25;
const ADMIN = 'bench-admin-token';
const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', SPACECTL_CONFIG_DIR: fs.mkdtempSync('/tmp/spacectl-bench-') };

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

function run(cmd, args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout, stderr }));
  });
}

/** The emulator in its own process, as a real server would be. */
async function startEmulator() {
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--json', '--admin-token', ADMIN], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      try { resolve(JSON.parse(buf).url); } catch { /* not complete yet */ }
    });
    child.on('exit', (c) => reject(new Error(`emulator exited with ${c}`)));
  });
  const control = async (method, p, body) => {
    const res = await fetch(`${url}/__emulator/${p}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    if (!res.ok) throw new Error(`control ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return { url, control, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

const results = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, runs: RUNS, startup: {}, single: {}, batch: [], targets: [] };
const target = (name, ok, detail) => results.targets.push({ name, ok, detail });

// 1. Start-up: interleave the commands so load on the machine hits them all alike.
{
  const cases = { floor: ['-e', '0'], '--version': [BIN, '--version'], '--help': [BIN, '--help'], 'app --help': [BIN, 'app', '--help'] };
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const args of Object.values(cases)) await run(process.execPath, args); // warm the file cache
  for (let i = 0; i < RUNS; i++) for (const [k, args] of Object.entries(cases)) times[k].push((await run(process.execPath, args)).ms);
  const floor = median(times.floor);
  for (const k of Object.keys(cases)) results.startup[k] = { medianMs: median(times[k]), ratio: median(times[k]) / floor };
  target('--version ≤ 1.2× node -e 0', results.startup['--version'].ratio <= 1.2, fmt(results.startup['--version'].ratio, 2));
  target('--help ≤ 1.5× node -e 0', results.startup['--help'].ratio <= 1.5, fmt(results.startup['--help'].ratio, 2));
}

// 2. One command against the emulator (separate process), requests counted at the emulator.
{
  const emu = await startEmulator();
  const cliEnv = { SPACE_URL: emu.url, SPACE_TOKEN: ADMIN };
  await emu.control('POST', 'seed-apps', { count: 50, prefix: 'listed', ownerToken: 'admin' });
  const floorT = [];
  const listT = [];
  const createT = [];
  let listReq = 0;
  let createReq = 0;
  await run(process.execPath, [BIN, 'app', 'list', '--json'], cliEnv);
  for (let i = 0; i < RUNS; i++) {
    floorT.push((await run(process.execPath, ['-e', '0'])).ms);
    await emu.control('POST', 'stats/reset');
    const l = await run(process.execPath, [BIN, 'app', 'list', '--json'], cliEnv);
    if (l.code !== 0) throw new Error(`app list failed: ${l.stderr}`);
    listT.push(l.ms);
    listReq += (await emu.control('GET', 'stats')).requests;
    await emu.control('POST', 'stats/reset');
    const c = await run(process.execPath, [BIN, 'app', 'create', '--name', `bench-${i}`, '--json'], cliEnv);
    if (c.code !== 0) throw new Error(`app create failed: ${c.stderr}`);
    createT.push(c.ms);
    createReq += (await emu.control('GET', 'stats')).requests;
  }
  const floor = median(floorT);
  results.single = {
    floorMs: floor,
    'app list --json': { medianMs: median(listT), ratio: median(listT) / floor, requests: listReq / RUNS },
    'app create --json': { medianMs: median(createT), ratio: median(createT) / floor, requests: createReq / RUNS },
  };
  target('app list ≤ 2× node -e 0 (loopback)', results.single['app list --json'].ratio <= 2, fmt(results.single['app list --json'].ratio, 2));
  await emu.stop();
}

// 3. Batch approval at scale, 25 ms simulated latency per request.
for (const n of SIZES) {
  for (const concurrency of SEQUENTIAL_SIZES.has(n) ? [1, 8] : [8]) {
    const emu = await startEmulator();
    await emu.control('POST', 'seed-apps', {
      count: n, prefix: 'batch', ownerToken: 'member',
      requested: [{ context: 'global', rights: ['Profile.View', 'Team.View'] }, { context: 'project:key:BACKEND', rights: ['Project.Issues.View', 'Project.View'] }],
    });
    await emu.control('PUT', 'latency', { ms: LATENCY_MS });
    await emu.control('POST', 'stats/reset');
    const args = ['--expose-gc', '--require', PROBE, BIN, 'rights', 'authorize', '--all-apps', '--yes', '--json', '--concurrency', String(concurrency)];
    const r = await run(process.execPath, args, { SPACE_URL: emu.url, SPACE_TOKEN: ADMIN });
    const stats = await emu.control('GET', 'stats');
    await emu.stop();
    const rssKb = Number(/__bench_maxrss_kb=(\d+)/.exec(r.stderr)?.[1]);
    const liveKb = Number(/__bench_live_heap_kb=(\d+)/.exec(r.stderr)?.[1]);
    let approved;
    try { approved = JSON.parse(r.stdout).summary?.approved; } catch { approved = undefined; }
    if (r.code !== 0) console.error(`rights authorize (n=${n}, c=${concurrency}) exited ${r.code}: ${r.stderr.split('\n').slice(-5).join(' | ')}`);
    results.batch.push({ apps: n, concurrency, exitCode: r.code, seconds: r.ms / 1000, appsPerSecond: n / (r.ms / 1000), requests: stats.requests, requestsPerApp: stats.requests / n, writes: stats.writes, approvedRights: approved, peakRssMb: rssKb / 1024, liveHeapMb: liveKb / 1024 });
    process.stderr.write(`  batch n=${n} c=${concurrency}: ${fmt(r.ms / 1000)} s, ${fmt(stats.requests / n, 2)} req/app, ${fmt(rssKb / 1024)} MB\n`);
  }
}
{
  const at = (n, c) => results.batch.find((b) => b.apps === n && b.concurrency === c);
  const speedups = SIZES.filter((n) => at(n, 1) && at(n, 8)).map((n) => ({ n, x: at(n, 1).seconds / at(n, 8).seconds }));
  results.speedup = speedups;
  for (const s of speedups) target(`speed-up ≥ 6× at default concurrency (n=${s.n})`, s.x >= 6, `${fmt(s.x)}×`);
  const defaults = results.batch.filter((b) => b.concurrency === 8).sort((a, b) => a.apps - b.apps);
  // The rights issue's budget: 1 authorized-contexts GET + per context (2) one rights GET and one PATCH, plus
  // the paged app listing (100 per page).
  for (const b of defaults) {
    const budget = 5 * b.apps + Math.ceil(b.apps / 100);
    target(`requests ≤ 5 per app + 1 per listed page (n=${b.apps})`, b.requests <= budget, `${b.requests} of ${budget} (${fmt(b.requestsPerApp, 2)} per app)`);
  }
  for (const b of defaults) target(`all rights approved, exit 0 (n=${b.apps})`, b.exitCode === 0 && b.approvedRights === b.apps * 4, `exit ${b.exitCode}, ${b.approvedRights} approved`);
  // Linear means T = a + b·N: the fixed part (start-up, first page) must not count, so compare the marginal
  // cost of each added app between consecutive sizes rather than average time per app.
  const slopes = defaults.slice(1).map((b, i) => (b.seconds - defaults[i].seconds) / (b.apps - defaults[i].apps));
  if (slopes.length) {
    const spread = Math.max(...slopes) / Math.min(...slopes);
    results.marginalMsPerApp = slopes.map((x) => x * 1000);
    target('time linear in N (marginal time per added app within 1.25×)', spread <= 1.25, `${slopes.map((x) => `${fmt(x * 1000)} ms`).join(' → ')} per app (${fmt(spread, 2)}×)`);
  }
  const big = defaults.find((b) => b.apps === 5000);
  const mid = defaults.find((b) => b.apps === 1000);
  if (big && mid) {
    target('peak RSS flat 1,000 → 5,000 (within 20%)', big.peakRssMb <= mid.peakRssMb * 1.2, `${fmt(mid.peakRssMb)} → ${fmt(big.peakRssMb)} MB (live heap after GC ${fmt(mid.liveHeapMb)} → ${fmt(big.liveHeapMb)} MB)`);
  }
  for (const b of defaults) target(`peak RSS < 150 MB (n=${b.apps})`, b.peakRssMb < 150, `${fmt(b.peakRssMb)} MB`);
}

// Print one table.
const lines = [];
lines.push(`spacectl benchmark — ${results.date}, node ${results.node}, ${results.cpus} cores, ${RUNS} runs per start-up figure (medians)`);
lines.push('', 'Start-up                      median ms   × node -e 0');
for (const [k, v] of Object.entries(results.startup)) lines.push(`  ${k.padEnd(26)} ${fmt(v.medianMs).padStart(9)}   ${fmt(v.ratio, 2).padStart(6)}`);
lines.push('', 'One command (emulator in another process, loopback)   median ms   × node -e 0   requests');
for (const [k, v] of Object.entries(results.single)) if (typeof v === 'object') lines.push(`  ${k.padEnd(52)} ${fmt(v.medianMs).padStart(9)}   ${fmt(v.ratio, 2).padStart(11)}   ${fmt(v.requests, 1).padStart(8)}`);
lines.push('', `Batch: rights authorize --all-apps --yes --json, ${LATENCY_MS} ms latency per request, 4 pending rights in 2 contexts per app`);
lines.push('  apps  conc   seconds   apps/s   req/app   writes   peak RSS MB   live heap MB');
for (const b of results.batch) lines.push(`  ${String(b.apps).padStart(4)}  ${String(b.concurrency).padStart(4)}   ${fmt(b.seconds, 2).padStart(7)}   ${fmt(b.appsPerSecond).padStart(6)}   ${fmt(b.requestsPerApp, 2).padStart(7)}   ${String(b.writes).padStart(6)}   ${fmt(b.peakRssMb).padStart(11)}   ${fmt(b.liveHeapMb).padStart(12)}`);
for (const s of results.speedup ?? []) lines.push(`  speed-up of concurrency 8 over 1 at n=${s.n}: ${fmt(s.x)}×`);
lines.push('', 'Targets');
for (const t of results.targets) lines.push(`  ${t.ok ? 'MET   ' : 'MISSED'}  ${t.name}: ${t.detail}`);
console.log(lines.join('\n'));
fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote bench/results.json`);
