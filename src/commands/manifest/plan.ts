import type { Factory } from '../../factory.js';
import { ExitCode } from '../../errors.js';
import { printJson, printLine, warn } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { readManifest } from './input.js';
import { planManifest } from '../../manifest/plan.js';
import { inSync, planJson, planLines, summaryLine } from '../../manifest/render.js';

export interface PlanFlags { file: string; prune?: boolean }

export async function planCommand(flags: PlanFlags, f: Factory): Promise<number> {
  const manifest = await readManifest(flags.file, f);
  for (const w of manifest.warnings) warn(f.io, w);
  const api = await f.api();
  const plans = await withSpinner(f.io, 'Reading the live state', () => planManifest(api, manifest, { prune: flags.prune }));
  const synced = inSync(plans);
  if (f.io.json) printJson(f.io, planJson(plans));
  else {
    for (const l of planLines(plans)) printLine(f.io, l);
    printLine(f.io, summaryLine(plans));
  }
  return synced ? ExitCode.Ok : ExitCode.ChangesPending;
}
