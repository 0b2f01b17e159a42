// `app export --all`: every app (or those whose name contains a text) as manifests, streamed. The app list is
// paged, each app is read in a small ordered window of concurrent reads, and each exported app is written as
// soon as it is ready, so memory holds a window of apps, never the organization.
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { listApps } from '../api/apps.js';
import type { SpaceClient } from '../api/client.js';
import { APP_FIELDS, type App } from '../api/types.js';
import { exportApp, exportDocument, serializeManifest } from './export.js';
import { MANIFEST_VERSION } from './types.js';
import { readWholeApp } from './live.js';
import type { AppDoc } from './types.js';

export type Format = 'yaml' | 'json';

/** Exported apps in Space's list order, `window` read at once. */
export async function* exportedApps(api: SpaceClient, o: { name?: string; window?: number; warn?: (m: string) => void }): AsyncGenerator<AppDoc> {
  const window = o.window ?? 8;
  const inFlight: Array<Promise<AppDoc>> = [];
  const read = (app: App) => {
    const p = readWholeApp(api, app).then((live) => exportApp(live, o.warn));
    p.catch(() => undefined); // surfaced in order when awaited below, never as an unhandled rejection
    return p;
  };
  try {
    for await (const app of listApps(api, { name: o.name, fields: APP_FIELDS })) {
      inFlight.push(read(app));
      // Keep the others running while the oldest is awaited; a failure surfaces in order.
      if (inFlight.length >= window) yield await inFlight.shift()!;
    }
    while (inFlight.length) yield await inFlight.shift()!;
  } finally {
    // On a failure or an early stop, let the reads in flight end before the connection pool closes.
    await Promise.allSettled(inFlight);
  }
}

export interface ManifestSink {
  add(doc: AppDoc): void;
  /** Finishes the document; returns its text's destination state. */
  end(): void;
  abort(): void;
}

/**
 * One manifest holding every app, written piece by piece in exactly the layout `serializeManifest` gives the
 * whole document (so an export of one app and of all apps read alike).
 */
export function manifestStream(write: (chunk: string) => void, format: Format): ManifestSink {
  let count = 0;
  if (format === 'yaml') write(serializeManifest(exportDocument([]), 'yaml').replace(/apps: \[\]\n$/, ''));
  else write(`{\n  "version": ${MANIFEST_VERSION},\n  "apps": [`);
  return {
    add(doc) {
      if (format === 'yaml') {
        if (count === 0) write('apps:\n');
        // The app as an item of `apps:`, cut from the whole-document rendering so indentation matches.
        write(stringify({ apps: [doc] }, { lineWidth: 0 }).replace(/^apps:\n/, ''));
      } else {
        write(`${count ? ',' : ''}\n${JSON.stringify(doc, null, 2).replace(/^/gm, '    ')}`);
      }
      count++;
    },
    end() {
      if (format === 'yaml') {
        if (count === 0) write('apps: []\n');
      } else write(count ? '\n  ]\n}\n' : ']\n}\n');
    },
    abort() {},
  };
}

/** A file that appears complete or not at all: written to a temporary name and renamed at the end. */
export function atomicFile(file: string): { write(chunk: string): void; commit(): void; discard(): void; tmp: string } {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  let open = true;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  return {
    tmp,
    write: (chunk) => void fs.writeSync(fd, chunk),
    commit() {
      close();
      fs.renameSync(tmp, file);
    },
    discard() {
      close();
      fs.rmSync(tmp, { force: true });
    },
  };
}

/** A file name for an app's manifest: its name made safe for file systems, unique within the export. */
export function appFileName(doc: AppDoc, format: Format, taken: Set<string>): string {
  const base = doc.name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(0, 100) || 'app';
  let name = `${base}.${format === 'json' ? 'json' : 'yaml'}`;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}.${format === 'json' ? 'json' : 'yaml'}`;
  taken.add(name.toLowerCase());
  return name;
}
