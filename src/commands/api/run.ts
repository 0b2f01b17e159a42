import { isSecretHeader, registerSecret } from '../../api/redact.js';
import { PagingGuard } from '../../api/paging.js';
import fs from 'node:fs';
import { apiUrl, rawRequest } from '../../api/raw.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { markJsonPrinted } from '../../io/json-state.js';
import { readAllStdin } from '../shared/inputs.js';

export interface ApiFlags {
  method?: string;
  rawField?: string[];
  field?: string[];
  header?: string[];
  input?: string;
  paginate?: boolean;
  jsonl?: boolean;
}

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const BODYLESS = new Set(['GET', 'DELETE']);

export async function apiCommand(flags: ApiFlags, f: Factory, args: string[]): Promise<void> {
  const path = args[0] ?? '';
  if (!path.trim()) throw new UsageError('api needs a path relative to /api/http/, e.g. spacectl api projects');
  const typed = flags.field ?? [];
  const fields = [...(flags.rawField ?? []).map((p) => parseField(p, '-f', false)), ...typed.map((p) => parseField(p, '-F', true))];
  const headers = parseHeaders(flags.header ?? []);
  const method = flags.method ?? (flags.input !== undefined || typed.length ? 'POST' : 'GET');
  if (!METHODS.includes(method)) throw new UsageError(`--method "${flags.method}" is not one of ${METHODS.join(', ')}`);
  if (flags.jsonl && !flags.paginate) throw new UsageError('--jsonl only applies with --paginate');
  if (flags.paginate && method !== 'GET') throw new UsageError(`--paginate only follows GET requests, not ${method}`);

  // Fields go to the query when the method carries no body or the body comes from --input (as `gh api` does).
  const toQuery = BODYLESS.has(method) || flags.input !== undefined;
  let body: string | undefined;
  if (flags.input !== undefined) body = await readInput(f, flags.input);
  else if (!toQuery && fields.length) body = JSON.stringify(Object.fromEntries(fields));

  const api = await f.api();
  let url: URL;
  try {
    url = apiUrl(api, path);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (toQuery) for (const [k, v] of fields) url.searchParams.append(k, typeof v === 'string' ? v : JSON.stringify(v));

  if (!flags.paginate) {
    const res = await rawRequest(api, { method, url, headers, body });
    f.io.out.write(res.text);
    if (res.text && f.io.stdoutTTY && !res.text.endsWith('\n')) f.io.out.write('\n');
    markJsonPrinted(f.io.out);
    return;
  }
  await paginate(f, api, url, headers, Boolean(flags.jsonl));
}

/** Streams every item of every page: one page in memory at a time, written as it arrives. */
async function paginate(f: Factory, api: Awaited<ReturnType<Factory['api']>>, first: URL, headers: Record<string, string>, jsonl: boolean): Promise<void> {
  const fields = first.searchParams.get('$fields');
  // Without next in $fields the cursor would be dropped and only page one printed.
  if (fields && !/(^|,)\s*next\s*(,|$)/.test(fields)) first.searchParams.set('$fields', `next,totalCount,${fields}`);
  const out = f.io.out;
  markJsonPrinted(out);
  let count = 0;
  let skip = first.searchParams.get('$skip');
  let notPaged = false;
  const guard = new PagingGuard((problem) => new CliError(`paging of ${first.pathname} does not end: ${problem}`, ExitCode.Error));
  if (!jsonl) out.write('[');
  try {
    for (;;) {
      const url = new URL(first);
      if (skip !== null) url.searchParams.set('$skip', skip);
      const res = await rawRequest(api, { method: 'GET', url, headers });
      const page = parsePage(res.text);
      if (!page) {
        notPaged = true;
        break;
      }
      for (const item of guard.fresh(page.data, page.data.length === 0 || !page.next || page.next === skip)) {
        const text = JSON.stringify(item);
        out.write(jsonl ? `${text}\n` : `${count ? ',' : ''}\n  ${text}`);
        count++;
      }
      const seen = Number(skip ?? 0) + page.data.length;
      if (page.data.length === 0 || !page.next || page.next === skip) break;
      if (typeof page.totalCount === 'number' && page.totalCount >= 0 && seen === page.totalCount) break;
      guard.advance(skip, page.next);
      skip = page.next;
    }
  } finally {
    // Also after a failure midway: stdout stays one valid document holding the items already received.
    if (!jsonl) out.write(count ? '\n]\n' : ']\n');
  }
  if (notPaged) throw new CliError(`${first.pathname.slice(api.apiBase.pathname.length)} does not answer in Space's paged format {next, data}`, ExitCode.Error, 'Run it without --paginate.');
}

interface RawPage { next?: string | null; totalCount?: number | null; data: unknown[] }

function parsePage(text: string): RawPage | undefined {
  try {
    const j = JSON.parse(text) as Partial<RawPage>;
    return j && typeof j === 'object' && Array.isArray(j.data) ? (j as RawPage) : undefined;
  } catch {
    return undefined;
  }
}

function parseField(pair: string, flag: string, typed: boolean): [string, unknown] {
  const i = pair.indexOf('=');
  if (i <= 0) throw new UsageError(`${flag} "${pair}" is not key=value`);
  const key = pair.slice(0, i);
  const raw = pair.slice(i + 1);
  if (!typed) return [key, raw];
  if (raw.startsWith('@')) {
    const file = raw.slice(1);
    try {
      return [key, fs.readFileSync(file, 'utf8')];
    } catch (e) {
      throw new UsageError(`${flag} ${key}=@${file}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  if (raw === 'true') return [key, true];
  if (raw === 'false') return [key, false];
  if (raw === 'null') return [key, null];
  if (/^-?\d+(\.\d+)?$/.test(raw)) return [key, Number(raw)];
  return [key, raw];
}

function parseHeaders(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = i > 0 ? line.slice(0, i).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`-H "${line}" is not a header: use "Name: value"`);
    const value = line.slice(i + 1).trim();
    // A credential given as a header (-H 'X-Api-Key: …', -H 'Authorization: Bearer …') is masked wherever a
    // server or an error would repeat it, like the token spacectl sends itself.
    if (isSecretHeader(name)) registerSecret(value, value.includes(' ') ? value.slice(value.indexOf(' ') + 1).trim() : undefined);
    out[name.toLowerCase()] = value;
  }
  return out;
}

async function readInput(f: Factory, file: string): Promise<string> {
  if (file === '-') return readAllStdin(f, '--input - reads the body from standard input, which is a terminal; pipe it in');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--input ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
