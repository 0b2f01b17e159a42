import type { Factory } from '../../factory.js';
import { printJson, printTable } from '../../io/output.js';
import { resolveApp, appSummary } from '../../services/apps/ref.js';
import { askApp } from '../shared/app-ref.js';
import { requireValues } from '../shared/inputs.js';
import { flowStates, type FlowState } from '../../services/flows/flows.js';

export async function flowList(flags: { app?: string }, f: Factory): Promise<void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: askApp(f) }] as const);
  const app = await resolveApp(await f.api(), ref);
  const flows = flowStates(app);
  if (f.io.json) return printJson(f.io, { app: appSummary(app), flows });
  printTable(f.io, ['FLOW', 'ENABLED', 'DETAILS', 'WHY'], flows.map((s) => [s.flow, s.enabled ? 'yes' : 'no', details(s), s.reason]));
}

function details(s: FlowState): string {
  const parts: string[] = [];
  if (s.redirectUris) parts.push(s.redirectUris.length ? s.redirectUris.join(' ') : 'no redirect URIs');
  if (s.pkceRequired !== undefined) parts.push(`PKCE ${s.pkceRequired ? 'required' : 'not required'}`);
  return parts.join('; ') || '-';
}
