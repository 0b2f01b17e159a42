// The audit journal: one JSON line per write spacectl sends to Space (who, where, what, result), appended and
// fsynced before the command goes on, so a crash loses at most the line in flight. Never a secret: values of
// bodies are not recorded, only the names of the fields sent, right codes, contexts and identifiers.
import fs from 'node:fs';
import { CliError, UsageError } from '../errors.js';

/** What a caller records; the journal adds when, where, who and which command. */
export interface JournalRecord {
  /** `METHOD /path/{template}` of a request, or another event's name (e.g. `policy decision`). */
  operation: string;
  /** The application identifier of the request (`id:…`, `clientId:…`, `me`), or `name:<name>` on create. */
  app?: string;
  /** `global`, `project:key:KEY`, … */
  context?: string;
  /** Right codes the request carries: `+code`/`-code` for required rights, `code=STATUS` for authorizations. */
  rights?: string[];
  /** Names of the body's fields (never their values). */
  fields?: string[];
  /** `ok`, `error`, or `unknown` when the answer was lost (the write may have happened). */
  result: 'ok' | 'error' | 'unknown';
  status?: number;
  error?: string;
  /** Overrides the command name for this line. */
  command?: string;
  [extra: string]: unknown;
}

export interface JournalEntry extends JournalRecord {
  time: string;
  server: string;
  /** Who acted: `clientId:<id>` for an app's credentials, `token:sha256:<12 hex>` for a token. */
  identity: string;
  profile?: string;
  /** The spacectl command, e.g. `rights authorize`. */
  command: string;
}

export interface Journal {
  readonly path: string;
  record(entry: JournalRecord): void;
  close(): void;
}

export interface JournalOrigin { server: string; identity: string; command: string; profile?: string }

/**
 * Opens (creating with mode 0600) the journal for appending. Each record is one `write` of a whole line on an
 * O_APPEND descriptor, so lines from concurrent spacectl processes never interleave, then fsync.
 */
export function openJournal(path: string, origin: JournalOrigin): Journal {
  // Opened before the first write is sent: a journal that cannot be written stops the command before it changes anything.
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'a', 0o600);
  } catch (e) {
    throw new UsageError(`cannot open the journal ${path} for appending (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'Check --journal / SPACECTL_JOURNAL.');
  }
  return {
    path,
    record(entry) {
      if (fd === undefined) throw new CliError(`the journal ${path} is closed`);
      const line: JournalEntry = {
        time: new Date().toISOString(),
        server: origin.server,
        identity: origin.identity,
        ...(origin.profile ? { profile: origin.profile } : {}),
        command: origin.command,
        ...entry,
      };
      try {
        fs.writeSync(fd, `${JSON.stringify(line)}\n`);
        fs.fsyncSync(fd);
      } catch (e) {
        throw new CliError(`${entry.operation} was sent (${entry.result}) but could not be recorded in the journal ${path}: ${(e as Error).message}`);
      }
    },
    close() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
    },
  };
}

export interface WriteEvent {
  method: string;
  url: URL;
  /** The API base (`<server>/api/http/`): requests outside it (token endpoint, emulator control) are not journaled. */
  apiBase: URL;
  body: unknown;
  status?: number;
  error?: { status?: number; code?: string; message: string; ambiguous?: boolean };
}

/** Turns a write request into a journal record: identifiers, context and right codes only, never values. */
export function writeRecord(e: WriteEvent): JournalRecord | undefined {
  if (!e.url.href.startsWith(e.apiBase.href)) return undefined;
  const segments = e.url.pathname.slice(e.apiBase.pathname.length).split('/').filter(Boolean).map(decode);
  const body = e.body && typeof e.body === 'object' && !Array.isArray(e.body) ? (e.body as Record<string, unknown>) : undefined;
  let app: string | undefined;
  const template = segments.map((s, i) => {
    const prev = segments[i - 1];
    if (prev === 'applications' && i === 1 && s !== 'paged' && s !== 'authorizations') {
      app = s;
      return '{application}';
    }
    if (prev === 'ssh-keys') return '{fingerprint}';
    if (prev === 'permanent-tokens' && s !== 'current') return '{tokenId}';
    if (prev === 'projects') return '{project}';
    return s;
  });
  if (!app && segments.length === 1 && segments[0] === 'applications' && typeof body?.name === 'string') app = `name:${body.name}`;
  const context = e.url.searchParams.get('contextIdentifier') ?? (typeof body?.contextIdentifier === 'string' ? body.contextIdentifier : undefined);
  const rights = rightsOf(body);
  const fields = body ? Object.keys(body).filter((k) => body[k] !== undefined && !['contextIdentifier', 'rightCodes', 'updates', 'rightCodesToAdd', 'rightCodesToRemove'].includes(k)) : [];
  const failed = e.error !== undefined;
  return {
    operation: `${e.method} /${template.join('/')}`,
    ...(app ? { app } : {}),
    ...(context ? { context } : {}),
    ...(rights.length ? { rights } : {}),
    ...(fields.length ? { fields } : {}),
    result: !failed ? 'ok' : e.error!.ambiguous ? 'unknown' : 'error',
    ...(e.status ?? e.error?.status ? { status: e.status ?? e.error?.status } : {}),
    ...(failed ? { error: e.error!.code ?? e.error!.message } : {}),
  };
}

function rightsOf(body: Record<string, unknown> | undefined): string[] {
  if (!body) return [];
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const out = [...strings(body.rightCodes), ...strings(body.rightCodesToAdd).map((c) => `+${c}`), ...strings(body.rightCodesToRemove).map((c) => `-${c}`)];
  if (Array.isArray(body.updates)) {
    for (const u of body.updates as Array<{ rightCode?: unknown; status?: unknown }>) if (typeof u?.rightCode === 'string') out.push(`${u.rightCode}=${String(u.status)}`);
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Who acts, without the secret: an app's client ID, or a short hash of a token. */
export function identityOf(c: { kind: 'token'; token: string } | { kind: 'client-credentials' | 'oauth'; clientId: string }, hash: (s: string) => string): string {
  if (c.kind === 'oauth') return `login:clientId:${c.clientId}`;
  return c.kind === 'token' ? `token:sha256:${hash(c.token).slice(0, 12)}` : `clientId:${c.clientId}`;
}
