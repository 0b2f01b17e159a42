// The only module that writes results. Data → io.out; notes, warnings → io.err.
import type { ChalkInstance } from 'chalk';
import type { IO } from './io.js';
import { markJsonPrinted } from './json-state.js';

// chalk costs a networked command ~10% of its start-up, and most runs (pipes, --json, CI, NO_COLOR) print no
// colour at all: those get PLAIN, and chalk is loaded only by a run that colours, before its command runs.
let chalk: ChalkInstance | undefined;
const PLAIN: ChalkInstance = new Proxy((s: unknown) => String(s), { get: () => PLAIN }) as unknown as ChalkInstance;

/** Loads chalk if this run prints colour on either stream. define.ts awaits it before an action, so style() stays synchronous. */
export async function loadStyle(io: IO): Promise<void> {
  if ((io.colorOut || io.colorErr) && !chalk) chalk = new (await import('chalk')).Chalk({ level: 1 });
}

/** Colours for one stream, decided by that stream's own policy (stdout piped, stderr on a terminal, …). */
export function style(io: IO, stream: 'out' | 'err' = 'out'): ChalkInstance {
  if (!(stream === 'out' ? io.colorOut : io.colorErr)) return PLAIN;
  if (!chalk) throw new Error('internal: colour output before loadStyle(io)');
  return chalk;
}

/** --json: exactly one document on stdout. */
export function printJson(io: IO, value: unknown): void {
  io.out.write(`${JSON.stringify(value, null, 2)}\n`);
  markJsonPrinted(io.out);
}

/** Human result lines on stdout (suppressed under --json, where the JSON document is the result). */
export function printLine(io: IO, line = ''): void {
  if (!io.json) io.out.write(`${line}\n`);
}

export function info(io: IO, message: string): void {
  io.err.write(`${message}\n`);
}

export function success(io: IO, message: string): void {
  io.err.write(`${style(io, 'err').green('✓')} ${message}\n`);
}

export function warn(io: IO, message: string): void {
  io.err.write(`${style(io, 'err').yellow('!')} ${message}\n`);
}

/** Aligned `key: value` lines; null/undefined values are skipped. */
export function printFields(io: IO, fields: Array<[string, unknown]>): void {
  const rows = fields.filter(([, v]) => v !== undefined && v !== null && v !== '');
  const w = Math.max(0, ...rows.map(([k]) => k.length));
  const c = style(io);
  for (const [k, v] of rows) io.out.write(`${c.dim(`${k}:`.padEnd(w + 1))} ${formatValue(v)}\n`);
}

function formatValue(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : '-';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/**
 * Control characters in a cell (a tab or newline in a name made elsewhere) would split a TSV row or redraw the
 * terminal: shown escaped, as JSON writes them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
export const escapeControl = (s: string) => s.replace(CONTROL, (c) => JSON.stringify(c).slice(1, -1));

/** A table on a TTY; tab-separated rows without a header when piped, so scripts can `cut`. */
export function printTable(io: IO, columns: string[], cells: string[][]): void {
  const rows = cells.map((r) => r.map((v) => escapeControl(String(v ?? ''))));
  if (!io.stdoutTTY) {
    for (const r of rows) io.out.write(`${r.join('\t')}\n`);
    return;
  }
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const c = style(io);
  const fmt = (r: string[]) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  io.out.write(`${c.bold(fmt(columns))}\n`);
  for (const r of rows) io.out.write(`${fmt(r)}\n`);
}

/**
 * One JSON document written as it is produced — `{"<key>": [item, …], <tail fields>}` — so a batch over
 * thousands of items needs no memory for its result. `end()` always closes the document, also after a
 * failure (pass an `error` field), so stdout stays valid JSON.
 */
export function jsonArrayStream(io: IO, key: string) {
  let first = true;
  let ended = false;
  io.out.write(`{\n  ${JSON.stringify(key)}: [`);
  markJsonPrinted(io.out);
  const indent = (text: string, n: number) => text.replace(/\n/g, `\n${' '.repeat(n)}`);
  return {
    push(item: unknown): void {
      io.out.write(`${first ? '\n' : ',\n'}    ${indent(JSON.stringify(item, null, 2), 4)}`);
      first = false;
    },
    end(tail: Record<string, unknown>): void {
      if (ended) return;
      ended = true;
      io.out.write(first ? ']' : '\n  ]');
      for (const [k, v] of Object.entries(tail)) io.out.write(`,\n  ${JSON.stringify(k)}: ${indent(JSON.stringify(v, null, 2), 2)}`);
      io.out.write('\n}\n');
    },
  };
}
