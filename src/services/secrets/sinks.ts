// Secret sinks as state: a file holding only the secret, or a `NAME=value` line in an env file, both 0600.
// The planner compares what a sink holds with the app's current secret (Space returns it again: GET
// …/client-secret, …/signing-key), so a missing, stale or linked sink is a change `plan` shows and `apply`
// makes, and a sink holding something else is refused unless --force — checked before the first write.
import type { Change } from '../ops.js';
import type { SinkObservation } from './files.js';
import { readEnvValue } from './files.js';

export type SecretSink = { kind: 'file'; path: string; shown: string } | { kind: 'env'; path: string; shown: string; variable: string };
export type SecretKind = 'clientSecret' | 'signingKey';
export const SECRET_API_KIND = { clientSecret: 'client-secret', signingKey: 'signing-key' } as const;
export const SECRET_LABEL = { clientSecret: 'client secret', signingKey: 'signing key' } as const;

export type SinkVerdict =
  | 'in-sync'
  /** Nothing there (or an empty file, a dangling link, an env file without the variable). */
  | 'missing'
  /** A link: replaced by a regular file, never written through. */
  | 'symlink'
  /** The right secret with a mode wider than 0600. */
  | 'mode'
  /** Another value (another app's secret, an old one, anything): only with --force. */
  | 'other'
  /** A directory or a device: never written. */
  | 'not-a-file';

/** `current` is the app's secret now, or undefined for an app that does not exist yet (anything there is "other"). */
export function judgeSink(sink: SecretSink, at: SinkObservation, current: string | undefined): SinkVerdict {
  if (!at.exists || (at.symlink && at.dangling)) return 'missing';
  if (!at.regular) return 'not-a-file';
  const content = at.content;
  const held = content === undefined ? undefined : sink.kind === 'file' ? content.replace(/\r?\n$/, '') : readEnvValue(content, sink.variable);
  if (held === '' || (held === undefined && sink.kind === 'env' && content !== undefined)) return at.symlink ? 'symlink' : 'missing';
  if (current === undefined || held !== current) return 'other';
  if (at.symlink) return 'symlink';
  return at.mode & 0o077 ? 'mode' : 'in-sync';
}

export interface SinkCheck { kind: SecretKind; sink: SecretSink; where: string; verdict: SinkVerdict }

export interface SinkPlan {
  changes: Change[];
  /** The sinks apply writes (after the app exists). */
  writes: Array<{ kind: SecretKind; sink: SecretSink; where: string }>;
  /** Why apply must not start (sinks holding something else without --force, sinks that are not files). */
  refusals: string[];
}

const NOTE: Record<Exclude<SinkVerdict, 'in-sync'>, string> = {
  missing: 'missing: the current secret will be written',
  symlink: 'a symbolic link: replaced by a 0600 file holding the current secret',
  mode: 'readable by others: rewritten with mode 0600',
  other: 'holds another value',
  'not-a-file': 'not a regular file',
};

/** The pure planner: every sink's verdict → the changes shown, the writes made, the refusals raised. */
export function planSinks(checks: SinkCheck[], o: { force?: boolean; creating: boolean }): SinkPlan {
  const out: SinkPlan = { changes: [], writes: [], refusals: [] };
  for (const c of checks) {
    if (c.verdict === 'in-sync') continue;
    const path = `secrets.${c.kind}`;
    if (c.verdict === 'not-a-file') {
      out.refusals.push(`${c.where}: ${c.sink.shown} exists and is not a regular file`);
      continue;
    }
    if (c.verdict === 'other' && !o.force) {
      out.refusals.push(`${c.where}: ${c.sink.shown} already holds ${c.sink.kind === 'env' ? `a value for ${c.sink.variable}` : 'something'} that is not ${o.creating ? 'the new app\'s' : 'the app\'s current'} ${SECRET_LABEL[c.kind]}; pass --force to overwrite it`);
    }
    const note = c.verdict === 'other' ? `${NOTE.other}: overwritten (--force)` : NOTE[c.verdict];
    out.changes.push(o.creating ? { path, op: 'add', to: c.sink.shown, note } : { path, op: 'change', from: c.verdict, to: c.sink.shown, note });
    out.writes.push({ kind: c.kind, sink: c.sink, where: c.where });
  }
  return out;
}
