// Missing values: prompt when we can, otherwise one usage error naming every missing flag.
import fs from 'node:fs';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';

export interface Needed<T = string> {
  flag: string;
  value: T | undefined;
  ask: () => Promise<T>;
}

/** Resolves all values in order; without a TTY fails once, listing all that are missing. */
export async function requireValues<T extends readonly Needed<unknown>[]>(f: Factory, needed: T): Promise<{ [K in keyof T]: T[K] extends Needed<infer V> ? V : never }> {
  const missing = needed.filter((n) => n.value === undefined || n.value === '');
  if (missing.length && !f.io.canPrompt()) {
    const flags = missing.map((n) => n.flag).join(', ');
    throw new UsageError(`missing required ${missing.length > 1 ? 'flags' : 'flag'} ${flags} (not prompting: ${promptBlocker(f)})`);
  }
  const out: unknown[] = [];
  for (const n of needed) out.push(n.value === undefined || n.value === '' ? await n.ask() : n.value);
  return out as never;
}

function promptBlocker(f: Factory): string {
  if (!f.globals.input) return '--no-input';
  if (f.env.CI) return 'CI is set';
  return 'no TTY';
}

export const nonEmpty = (label: string) => (v: string) => (v.trim() ? true : `${label} cannot be empty`);

/** Destructive actions: --yes, or an interactive confirmation; without a TTY they refuse. */
export async function confirmOrRefuse(f: Factory, o: { yes?: boolean; message: string; what: string }): Promise<void> {
  if (o.yes) return;
  if (!f.io.canPrompt()) throw new UsageError(`refusing to ${o.what} without --yes when not running interactively`);
  const ok = await f.prompter.confirm({ message: o.message, default: false });
  if (!ok) {
    const { CancelledError } = await import('../../errors.js');
    throw new CancelledError(`Cancelled: did not ${o.what}.`);
  }
}

/**
 * All of standard input as text. Refused with `ttyMessage` when it is a terminal (nothing would ever come), and
 * with a usage error naming `o.flag` when it is longer than `o.max` bytes.
 */
export async function readAllStdin(f: Factory, ttyMessage: string, o: { max?: number; flag?: string } = {}): Promise<string> {
  if (f.io.stdinTTY) throw new UsageError(ttyMessage);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of f.io.in) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
    total += b.length;
    if (o.max !== undefined && total > o.max) throw new UsageError(`${o.flag}: standard input is larger than ${o.max / (1024 * 1024)} MiB, the most spacectl reads`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a whole secret from stdin (for --token-stdin and friends); trailing newline removed. */
export async function readStdin(f: Factory, flag: string): Promise<string> {
  const value = (await readAllStdin(f, `${flag} reads from standard input, which is a terminal; pipe the value in, e.g. echo "$TOKEN" | spacectl … ${flag}`)).replace(/\r?\n$/, '');
  if (!value.trim()) throw new UsageError(`${flag}: standard input was empty`);
  return value;
}

/** Reads a whole secret from a file (for --token-file and friends); one trailing newline removed. */
export function readSecretFile(file: string, flag: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (!value.trim()) throw new UsageError(`${flag} ${file}: the file is empty`);
  if (/[\r\n]/.test(value)) throw new UsageError(`${flag} ${file}: expected one line, the secret alone`);
  return value;
}
