import fs from 'node:fs';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printJson, printLine, success, warn } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { exportApp, exportDocument, serializeManifest } from '../../manifest/export.js';
import { readWholeApp } from '../../manifest/live.js';
import { appSummary, resolveApp } from '../../services/apps/ref.js';
import { requireValues } from '../shared/inputs.js';

export interface ExportFlags { app?: string; output?: string; force?: boolean; all?: boolean; name?: string }

export async function exportCommand(flags: ExportFlags, f: Factory): Promise<void> {
  if (flags.all && flags.app) throw new UsageError('--app and --all cannot be combined: export one application or all of them');
  if (flags.name !== undefined && !flags.all) throw new UsageError('--name filters --all; pass --all --name <part>');
  if (flags.all) return (await import('./export-all.js')).exportAll(flags, f);
  const [ref] = await requireValues(f, [
    { flag: '--app', value: flags.app, ask: () => f.prompter.input({ message: 'Application (name, id:… or clientId:…)' }) },
  ] as const);
  const format = f.io.json && !flags.output ? 'json' : flags.output?.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
  if (flags.output) {
    const st = fs.statSync(flags.output, { throwIfNoEntry: false });
    if (st?.isDirectory()) throw new UsageError(`--output ${flags.output} is a directory; give a file path`);
  }
  const api = await f.api();
  const { app, doc } = await withSpinner(f.io, 'Reading the application', async () => {
    const app = await resolveApp(api, ref);
    return { app, doc: exportDocument([exportApp(await readWholeApp(api, app), (m) => warn(f.io, m))]) };
  });
  if (!flags.output) {
    if (format === 'json') printJson(f.io, doc);
    else for (const l of serializeManifest(doc, 'yaml').replace(/\n$/, '').split('\n')) printLine(f.io, l);
    return;
  }
  const text = serializeManifest(doc, format);
  const existing = fs.existsSync(flags.output) ? fs.readFileSync(flags.output, 'utf8') : undefined;
  if (existing !== undefined && existing !== text && !flags.force) {
    throw new UsageError(`--output ${flags.output} already exists with other content; pass --force to overwrite it`);
  }
  if (existing !== text) fs.writeFileSync(flags.output, text);
  if (f.io.json) printJson(f.io, { app: appSummary(app), output: flags.output, format, written: existing !== text });
  else success(f.io, existing === text ? `${flags.output} already holds this manifest; nothing changed.` : `Wrote the manifest of ${doc.apps[0]!.name} to ${flags.output} (${format}); apply it with: spacectl apply -f ${flags.output}`);
}
