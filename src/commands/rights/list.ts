// `spacectl rights list`: an app's rights per context, optionally filtered by status.
import { contextString, type Context } from '../../api/ids.js';
import { appId } from '../../api/ids.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printJson, printTable } from '../../io/output.js';
import { ensureProjectsExist } from '../../services/rights/contexts.js';
import { listAppRights } from '../../services/rights/list.js';
import { rightName } from '../../services/rights/request.js';
import { resolveApp } from '../../services/apps/ref.js';
import { requireValues } from '../shared/inputs.js';
import { parseStatus, projectKeys, requestContexts } from '../../services/rights/inputs.js';

export interface RightsListFlags { app?: string; global?: boolean; project?: string[]; allContexts?: boolean; status?: string }

export async function rightsList(flags: RightsListFlags, f: Factory): Promise<void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application' }) }] as const);
  const keys = projectKeys(flags.project);
  const status = parseStatus(flags.status);
  if (flags.allContexts && (flags.global || keys.length)) throw new UsageError('--all-contexts cannot be combined with --global or --project');
  const contexts: Context[] | 'all' = flags.allContexts ? 'all' : requestContexts(flags.global, keys);

  const api = await f.api();
  const app = await resolveApp(api, ref);
  await ensureProjectsExist(api, keys);
  const rows = (await listAppRights(api, appId(app.id), contexts)).flatMap((c) =>
    c.rights
      .filter((r) => r.status !== 'NONE' && (!status || r.status.toLowerCase() === status))
      .map((r) => ({ context: contextString(c.context), code: r.code, name: rightName(r.code, r.name), status: r.status.toLowerCase() })),
  );
  if (f.io.json) return printJson(f.io, rows);
  if (!rows.length) return info(f.io, `No ${status ? `${status} ` : ''}rights for ${app.name} in ${contexts === 'all' ? 'any context' : contexts.map(contextString).join(', ')}.`);
  printTable(f.io, ['CONTEXT', 'RIGHT', 'NAME', 'STATUS'], rows.map((r) => [r.context, r.code, r.name, r.status]));
}
