// What every benchmark section shares: a clean environment, timed child processes, the emulator in a process of
// its own (as a real server would be), medians and formatting.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/spacectl.cjs');
export const NODE = process.execPath;
export const ADMIN = 'bench-admin-token';

/**
 * Nothing inherited that changes a start: this machine's NODE_EXTRA_CA_CERTS alone adds ~75 ms to every Node
 * process, NODE_OPTIONS could preload anything, and colour or CI settings change what the CLI does.
 */
export const cleanEnv = Object.freeze({ PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', SPACECTL_CONFIG_DIR: fs.mkdtempSync('/tmp/spacectl-bench-') });

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

/** Runs a command with the clean environment (plus `extraEnv`); resolves with exit code, wall ms and output. */
export function run(cmd, args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: { ...cleanEnv, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout, stderr }));
  });
}

/** `spacectl emulator` in its own process; `control(method, path, body)` calls its /__emulator/ API. */
export async function startEmulator() {
  const child = spawn(NODE, [BIN, 'emulator', '--port', '0', '--json', '--admin-token', ADMIN], { env: cleanEnv, stdio: ['ignore', 'pipe', 'inherit'] });
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

/** A Markdown table (read as plain text on a terminal, rendered in the README). */
export function markdownTable(columns, rows) {
  const cells = [columns, ...rows].map((r) => r.map((c) => String(c)));
  const widths = columns.map((_, i) => Math.max(3, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}
