#!/usr/bin/env node
// `npm run bench`: runs the sections below one after the other, prints each as a table with its targets (MET or
// MISSED with the figure, never hidden), writes bench/results.json, and regenerates the README's benchmark block
// (between the bench:begin/bench:end markers) — the README's figures are only ever written here.
//
// Adding a section: a module in scripts/bench/ exporting `title` and `async measure(ctx)`, which returns
// `{ columns, rows, targets: [{ name, ok, detail }], notes?: string[], data?: object }`, listed in SECTIONS.
// ctx = { runs, sizes, sequentialSizes }; scripts/bench/lib.js has the clean environment, timed child processes,
// the emulator in its own process and medians. Times are to be ratios to a floor measured in the same run.
//
// Knobs: BENCH_RUNS (rounds per start-up figure, default 21), BENCH_SIZES (batch sizes, default 100,1000,5000;
// 0 = no batch), BENCH_SEQUENTIAL_SIZES (sizes also run at concurrency 1, default 100,1000), BENCH_SECTIONS
// (names to run, default all). The README is rewritten only by a run of every section with the default sizes,
// or when BENCH_README=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, markdownTable } from './bench/lib.js';

const SECTIONS = ['startup', 'batch', 'pending', 'faults'];

const list = (v, d) => (v ?? d).split(',').map((x) => x.trim()).filter(Boolean);
const DEFAULT_SIZES = '100,1000,5000';
const ctx = {
  runs: Number(process.env.BENCH_RUNS ?? 21),
  sizes: list(process.env.BENCH_SIZES, DEFAULT_SIZES).map(Number).filter((n) => n > 0),
  sequentialSizes: list(process.env.BENCH_SEQUENTIAL_SIZES, '100,1000').map(Number),
};
const chosen = list(process.env.BENCH_SECTIONS, SECTIONS.join(','));
for (const s of chosen) if (!SECTIONS.includes(s)) throw new Error(`BENCH_SECTIONS: unknown section "${s}" (known: ${SECTIONS.join(', ')})`);
const full = chosen.length === SECTIONS.length && process.env.BENCH_SIZES === undefined && process.env.BENCH_SEQUENTIAL_SIZES === undefined;

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
const started = new Date();
const results = { date: started.toISOString(), node: process.version, cpus: os.cpus().length, loadAverageAtStart: load(), ...ctx, sections: {} };
const out = [];
out.push(`spacectl benchmark — ${results.date}, Node ${process.versions.node}, ${results.cpus} cores, ${ctx.runs} rounds per start-up figure; load average at start ${results.loadAverageAtStart}`);

for (const name of chosen) {
  if (name === 'batch' && !ctx.sizes.length) continue;
  const section = await import(`./bench/${name}.js`);
  process.stderr.write(`${name}…\n`);
  const r = await section.measure(ctx);
  results.sections[name] = { title: section.title, ...r };
  out.push('', `### ${section.title}`, '', markdownTable(r.columns, r.rows));
  if (r.notes?.length) out.push('', ...r.notes.map((n) => `- ${n}`));
  out.push('', ...r.targets.map((t) => `- ${t.ok ? 'MET' : '**MISSED**'} ${t.name}: ${t.detail}`));
}
results.loadAverageAtEnd = load();
out.push('', `Load average at the end: ${results.loadAverageAtEnd} (other work on this machine shares its cores; ratios are measured alternately so it falls on both sides).`);
const text = out.join('\n');
console.log(text);

fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nWrote bench/results.json');

if (full || process.env.BENCH_README === '1') {
  const readme = path.join(ROOT, 'README.md');
  const BEGIN = '<!-- bench:begin — written by `npm run bench` (scripts/bench.js); edits here are overwritten -->';
  const END = '<!-- bench:end -->';
  const doc = fs.readFileSync(readme, 'utf8');
  const i = doc.indexOf(BEGIN);
  const j = doc.indexOf(END);
  if (i < 0 || j < i) throw new Error(`README.md has no benchmark block (${BEGIN} … ${END})`);
  fs.writeFileSync(readme, `${doc.slice(0, i + BEGIN.length)}\n${text}\n${doc.slice(j)}`);
  console.log('Updated the benchmark block in README.md');
} else {
  console.log('README.md not updated (not a full default run; BENCH_README=1 forces it)');
}
