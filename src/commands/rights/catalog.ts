// `spacectl rights catalog` and `spacectl rights for`: the shipped rights catalog and per-operation rights.
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, printTable } from '../../io/output.js';
import { searchRights, type Right } from '../../domain/rights-catalog.js';
import { operationRights } from '../../services/rights/inputs.js';

const LEVELS = ['global', 'project', 'channel'] as const;
const row = (r: Right) => ({ code: r.code, name: r.name, group: r.group, level: r.level });

export async function rightsCatalog(flags: { search?: string; level?: string }, f: Factory): Promise<void> {
  const level = flags.level?.trim().toLowerCase();
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level "${flags.level}" is not one of ${LEVELS.join(', ')}`);
  const rights = searchRights({ search: flags.search, level: level as (typeof LEVELS)[number] | undefined }).map(row);
  if (f.io.json) return printJson(f.io, rights);
  if (!rights.length) return info(f.io, `No rights match${flags.search ? ` "${flags.search}"` : ''}.`);
  printTable(f.io, ['CODE', 'NAME', 'GROUP', 'LEVEL'], rights.map((r) => [r.code, r.name, r.group, r.level]));
  if (f.io.stdoutTTY) info(f.io, `${rights.length} rights. Levels with "?" are inferred; project-level rights can be requested with --project.`);
}

export async function rightsFor(_flags: Record<string, never>, f: Factory, args: string[]): Promise<void> {
  const spec = args.join(' ').trim();
  if (!spec) throw new UsageError('give an API call as "<METHOD> <path>", e.g. spacectl rights for "GET /projects/{project}/planning/issues"');
  const op = operationRights(spec);
  const result = { method: op.method, path: op.path, summary: op.summary, rights: op.rights.map(row) };
  if (f.io.json) return printJson(f.io, result);
  info(f.io, `${op.method} ${op.path}${op.summary ? ` — ${op.summary}` : ''}`);
  if (!op.rights.length) return info(f.io, 'Space lists no rights for this call.');
  printTable(f.io, ['CODE', 'NAME', 'LEVEL'], result.rights.map((r) => [r.code, r.name, r.level]));
  info(f.io, `Request them with: spacectl rights request --app <app> --for "${op.method} ${op.path}"${op.rights.some((r) => r.level !== 'global') ? ' [--project <key>]' : ''}`);
}
