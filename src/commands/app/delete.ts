import { appId } from '../../api/ids.js';
import type { Factory } from '../../factory.js';
import { printJson, success, info } from '../../io/output.js';
import { NotFoundError, appSummary, resolveApp } from '../../services/apps/ref.js';
import { confirmOrRefuse, requireValues } from '../shared/inputs.js';
import { dryRunOf } from '../shared/dry-run.js';
import { executeOps } from '../../services/ops.js';

export async function appDelete(flags: { app?: string; yes?: boolean; ifExists?: boolean; dryRun?: boolean }, f: Factory): Promise<number | void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application to delete' }) }] as const);
  const api = await f.api();
  let app;
  try {
    app = await resolveApp(api, ref);
  } catch (e) {
    if (!(e instanceof NotFoundError) || !flags.ifExists) throw e;
    if (f.io.json) return printJson(f.io, { deleted: false, reason: 'not-found', ref, app: null });
    return info(f.io, `No application ${ref}; nothing to delete.`);
  }
  const dry = dryRunOf(f, api);
  if (!dry) await confirmOrRefuse(f, { yes: flags.yes, message: `Delete application ${app.name} (id:${app.id})? Its client secret stops working.`, what: `delete application ${app.name}` });
  await executeOps(api, appId(app.id), [{ op: 'delete-app' }]);
  if (dry) return dry.report(app);
  if (f.io.json) return printJson(f.io, { deleted: true, app: appSummary(app) });
  success(f.io, `Deleted application ${app.name} (id:${app.id})`);
}
