import { executeOps } from '../../services/ops.js';
import { appId } from '../../api/ids.js';
import type { Factory } from '../../factory.js';
import { info, printJson, success } from '../../io/output.js';
import { resolveApp, appSummary } from '../../services/apps/ref.js';
import { askApp } from '../shared/app-ref.js';
import { confirmOrRefuse, requireValues } from '../shared/inputs.js';
import { parseFlow } from '../../services/flows/flows.js';
import { disableIntent, planFlow } from '../../services/flows/plan.js';
import { askFlow } from './prompts.js';
import { dryRunOf } from '../shared/dry-run.js';

export async function flowDisable(flags: { app?: string; yes?: boolean; dryRun?: boolean }, f: Factory, args: string[]): Promise<number | void> {
  const [ref, flowArg] = await requireValues(f, [
    { flag: '--app', value: flags.app, ask: askApp(f) },
    { flag: '<flow>', value: args[0], ask: askFlow(f, 'disable') },
  ] as const);
  const flow = parseFlow(flowArg);
  const api = await f.api();
  const app = await resolveApp(api, ref);
  const { body, ops } = planFlow(app, flow, disableIntent());
  const changed = Object.keys(body).length > 0;
  const dry = dryRunOf(f, api);
  if (dry) {
    dry.add(ops, appId(app.id));
    return dry.report(app);
  }
  if (changed && flow === 'client-credentials') {
    // Running integrations authenticate with this flow; turning it off breaks them at once.
    await confirmOrRefuse(f, {
      yes: flags.yes,
      message: `Disable the client-credentials flow of ${app.name}? Integrations that log in with its client ID and secret stop working.`,
      what: `disable the client-credentials flow of ${app.name}`,
    });
  }
  if (changed) await executeOps(api, appId(app.id), ops);
  if (f.io.json) return printJson(f.io, { app: appSummary(app), flow, enabled: false, changed, sent: Object.keys(body) });
  if (changed) success(f.io, `Disabled the ${flow} flow of ${app.name}${flow === 'client-credentials' ? '' : ' (its redirect URIs stay stored)'}`);
  else info(f.io, `The ${flow} flow of ${app.name} is already disabled; nothing to change.`);
}
