// Secret sinks of the manifest: a 0600 file holding only the secret, or a `NAME=value` line in an env file (0600).
import fs from 'node:fs';
import path from 'node:path';
import { replaceFileAtomically, writeSecretFile } from '../commands/shared/secret-output.js';
import { UsageError } from '../errors.js';
import type { Sink } from './types.js';

/** Checked before the first write, so a bad sink never leaves a created app whose secret has nowhere to go. */
export function checkSink(sink: Sink, where: string): void {
  const dir = path.dirname(sink.path);
  if (!fs.existsSync(dir)) throw new UsageError(`${where}: directory ${dir} does not exist`);
  const st = fs.statSync(sink.path, { throwIfNoEntry: false });
  if (st && !st.isFile()) throw new UsageError(`${where}: ${sink.shown} exists and is not a regular file`);
}

export function writeSink(sink: Sink, secret: string, where: string): void {
  if (sink.kind === 'file') {
    // A created app's secret is new: it replaces whatever an older app of that name left there.
    writeSecretFile(sink.path, secret, true, where);
    return;
  }
  const existing = fs.existsSync(sink.path) ? fs.readFileSync(sink.path, 'utf8') : '';
  replaceFileAtomically(sink.path, upsertEnvLine(existing, sink.variable, secret));
}

/** Replaces the `NAME=` line (also `export NAME=`) or appends one; other lines are kept as they are. */
export function upsertEnvLine(content: string, variable: string, value: string): string {
  const line = `${variable}=${/^[A-Za-z0-9_./+=:@-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`;
  const re = new RegExp(`^(export\\s+)?${variable}=.*$`);
  const lines = content === '' ? [] : content.replace(/\n$/, '').split('\n');
  const i = lines.findIndex((l) => re.test(l));
  if (i >= 0) lines[i] = line;
  else lines.push(line);
  return `${lines.join('\n')}\n`;
}

