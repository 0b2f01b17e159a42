// The executor of sink plans, and the reads the planner needs: what each sink holds and the app's current secret.
import fs from 'node:fs';
import path from 'node:path';
import { getAppSecret } from '../../api/apps.js';
import type { SpaceClient } from '../../api/client.js';
import type { AppIdentifier } from '../../api/ids.js';
import { CliError, UsageError } from '../../errors.js';
import { cannotCreateIn, observePath, upsertEnvLine, writeFileAtomically } from './files.js';
import { judgeSink, SECRET_API_KIND, SECRET_LABEL, type SecretKind, type SecretSink, type SinkCheck } from './sinks.js';

/** Observes every sink of an app; for an existing app also reads its current secrets (one GET per kind used). */
export async function checkSinks(api: SpaceClient, app: AppIdentifier | undefined, sinks: Partial<Record<SecretKind, SecretSink>>, whereOf: (k: SecretKind) => string): Promise<SinkCheck[]> {
  const out: SinkCheck[] = [];
  for (const kind of ['clientSecret', 'signingKey'] as const) {
    const sink = sinks[kind];
    if (!sink) continue;
    const where = whereOf(kind);
    const dir = path.dirname(sink.path);
    if (!fs.existsSync(dir)) throw new UsageError(`${where}: directory ${dir} does not exist`);
    const denied = cannotCreateIn(dir);
    if (denied) throw new UsageError(`${where}: cannot create files in ${dir} (${denied})`);
    const current = app ? (await getAppSecret(api, app, SECRET_API_KIND[kind])) ?? undefined : undefined;
    out.push({ kind, sink, where, verdict: judgeSink(sink, observePath(sink.path), current) });
  }
  return out;
}

/** Fetches the app's current secret and writes it to the sink (0600, atomic, links replaced). */
export async function deliverSecret(api: SpaceClient, app: AppIdentifier, kind: SecretKind, sink: SecretSink, where: string): Promise<void> {
  const secret = await getAppSecret(api, app, SECRET_API_KIND[kind]);
  if (!secret) throw new CliError(`Space returned no ${SECRET_LABEL[kind]} for ${where}`);
  writeSink(sink, secret, where);
}

export function writeSink(sink: SecretSink, secret: string, where: string): void {
  if (sink.kind === 'file') return writeFileAtomically(sink.path, `${secret}\n`, `${where} (${sink.shown})`);
  const at = observePath(sink.path);
  const existing = at.exists && at.regular ? (at.content ?? '') : '';
  writeFileAtomically(sink.path, upsertEnvLine(existing, sink.variable, secret), `${where} (${sink.shown})`);
}

/** `--secret-file` of the imperative commands, checked before any change: a file, link or anything already there needs `force`. */
export function checkSecretFile(file: string | undefined, force: boolean | undefined, flag = '--secret-file'): void {
  if (!file) return;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`${flag} ${file}: directory ${dir} does not exist`);
  const denied = cannotCreateIn(dir);
  if (denied) throw new UsageError(`${flag} ${file}: cannot create files in ${dir} (${denied}); choose a writable directory`);
  const at = observePath(file);
  if (!at.exists) return;
  if (!at.regular && !(at.symlink && at.dangling)) throw new UsageError(`${flag} ${file} is ${at.symlink ? 'a link to something that' : 'something that'} is not a regular file; give a file path`);
  if (!force) throw new UsageError(`${flag} ${file} already exists${at.symlink ? ' (a symbolic link)' : ''}; pass --force to overwrite it`);
}

export type FileWrite = 'written' | 'unchanged';

/** Writes the secret alone on one line, mode 0600. The same secret already there (a regular 0600 file) counts as done. */
export function writeSecretFile(file: string, secret: string, force: boolean | undefined, flag = '--secret-file'): FileWrite {
  const verdict = judgeSink({ kind: 'file', path: file, shown: file }, observePath(file), secret);
  if (verdict === 'in-sync') return 'unchanged';
  if (verdict === 'not-a-file') throw new UsageError(`${flag} ${file} is not a regular file`);
  if (verdict === 'other' && !force) throw new UsageError(`${flag} ${file} already exists with other content; pass --force to overwrite it`);
  writeFileAtomically(file, `${secret}\n`, `${flag} ${file}`);
  return 'written';
}
