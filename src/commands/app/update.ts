// `spacectl app update`: rename an app or change its description, through the app-fields planner; only
// what differs is sent, so a re-run sends nothing.
import { appId } from '../../api/ids.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { info, printFields, printJson, success } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { planAppFields } from '../../services/apps/plan.js';
import { appSummary, findAppByName, resolveApp, validateAppName } from '../../services/apps/ref.js';
import { executeOps } from '../../services/ops.js';
import { askApp } from '../shared/app-ref.js';
import { dryRunOf } from '../shared/dry-run.js';
import { requireValues } from '../shared/inputs.js';

export interface AppUpdateFlags { app?: string; name?: string; description?: string; email?: string; dryRun?: boolean }

export async function appUpdate(flags: AppUpdateFlags, f: Factory): Promise<number> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: askApp(f) }] as const);
  if (flags.name === undefined && flags.description === undefined && flags.email === undefined) {
    throw new UsageError('nothing to update: give --name, --description and/or --email');
  }
  if (flags.name !== undefined) validateAppName(flags.name);

  const api = await f.api();
  const app = await resolveApp(api, ref);
  const plan = planAppFields(app, { name: flags.name, description: flags.description, email: flags.email });
  // Space cannot change an app's email after creation: refuse before sending anything else.
  if (plan.notes.length) throw new CliError(plan.notes.join('; '), ExitCode.Error, 'Create a new application with the email you need, or leave --email out.');
  if (flags.name !== undefined && flags.name !== app.name) {
    const taken = await findAppByName(api, flags.name);
    if (taken) throw new CliError(`another application is already named "${flags.name}" (id:${taken.id})`, ExitCode.Error, 'Application names are unique in the organization; choose another --name.');
  }

  const id = appId(app.id);
  const dry = dryRunOf(f, api);
  const after = (await withSpinner(f.io, `Updating ${app.name}`, () => executeOps(api, id, plan.ops))) ?? app;
  if (dry) return dry.report(app);

  const changed = plan.changes.map((c) => c.path);
  if (f.io.json) {
    printJson(f.io, { app: appSummary(after), changed: changed.length > 0, fields: changed, description: after.description ?? '', email: after.email ?? null });
    return ExitCode.Ok;
  }
  if (changed.length) success(f.io, `Updated ${changed.join(' and ')} of ${app.name}${after.name !== app.name ? ` (now ${after.name})` : ''}`);
  else info(f.io, `${app.name} already has that ${['name', 'description', 'email'].filter((k) => flags[k as keyof AppUpdateFlags] !== undefined).join(' and ')}; nothing to change.`);
  printFields(f.io, [['id', after.id], ['name', after.name], ['description', after.description], ['email', after.email]]);
  return ExitCode.Ok;
}
