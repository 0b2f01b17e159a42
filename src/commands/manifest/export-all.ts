// `app export --all`: the organization (or the apps whose names contain --name) under code, streamed.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { markJsonPrinted } from '../../io/json-state.js';
import { printJson, success, warn } from '../../io/output.js';
import { progressLine } from '../../io/progress.js';
import { appFileName, atomicFile, exportedApps, manifestStream, type Format } from '../../manifest/export-all.js';
import { serializeManifest, exportDocument } from '../../manifest/export.js';

export interface ExportAllFlags { name?: string; output?: string; force?: boolean }

export async function exportAll(flags: ExportAllFlags, f: Factory): Promise<void> {
  const out = flags.output;
  const toDir = out !== undefined && (/[/\\]$/.test(out) || fs.statSync(out, { throwIfNoEntry: false })?.isDirectory() === true);
  // A file's format follows its extension, stdout follows --json; files in a directory are YAML (--json then
  // only shapes the summary printed on stdout).
  const format: Format = (toDir ? false : out ? out.toLowerCase().endsWith('.json') : f.io.json) ? 'json' : 'yaml';
  if (toDir) prepareDir(out, Boolean(flags.force));
  else if (out && fs.existsSync(out) && !flags.force) throw new UsageError(`--output ${out} already exists; pass --force to overwrite it, or give a directory for one file per app`);

  const api = await f.api();
  const progress = progressLine(f.io);
  const apps = exportedApps(api, { name: flags.name, warn: (m) => { progress.clear(); warn(f.io, m); } });
  let count = 0;
  const tick = () => progress.update(`Exported ${++count} applications…`);

  if (toDir) {
    const taken = new Set<string>();
    try {
      for await (const doc of apps) {
        const file = path.join(out, appFileName(doc, format, taken));
        const w = atomicFile(file);
        w.write(serializeManifest(exportDocument([doc]), format));
        w.commit();
        tick();
      }
    } finally {
      progress.done();
    }
    return report(f, { apps: count, output: out, format, layout: 'directory' });
  }

  // One manifest: to a temporary file renamed at the end, or straight to stdout.
  const file = out ? atomicFile(out) : undefined;
  const write = file ? (s: string) => file.write(s) : (s: string) => void f.io.out.write(s);
  if (!file) markJsonPrinted(f.io.out);
  const sink = manifestStream(write, format);
  try {
    for await (const doc of apps) {
      sink.add(doc);
      tick();
    }
    sink.end();
    file?.commit();
  } catch (e) {
    file?.discard();
    throw e;
  } finally {
    progress.done();
  }
  if (out) report(f, { apps: count, output: out, format, layout: 'file' });
}

function prepareDir(dir: string, force: boolean): void {
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (!st) return void fs.mkdirSync(dir, { recursive: true });
  if (!st.isDirectory()) throw new UsageError(`--output ${dir} is a file, not a directory`);
  if (fs.readdirSync(dir).length && !force) throw new UsageError(`--output ${dir} is not empty; pass --force to write into it (files of the same apps are replaced)`);
}

function report(f: Factory, r: { apps: number; output: string; format: Format; layout: 'file' | 'directory' }): void {
  if (f.io.json) printJson(f.io, r);
  else success(f.io, `Exported ${r.apps} ${r.apps === 1 ? 'application' : 'applications'} to ${r.output}${r.layout === 'directory' ? ' (one file per app)' : ''}; check with: spacectl plan -f ${r.layout === 'directory' ? `${r.output}/<app>.${r.format}` : r.output}`);
}
