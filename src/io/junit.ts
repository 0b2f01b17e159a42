// `--report junit FILE`: a JUnit XML report for CI dashboards, one test case per application. Cases are
// streamed to a scratch file as they finish (thousands of apps need no memory), and the report is put in
// place at the end with one rename, so a dashboard never reads half a file.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface JunitCase {
  name: string;
  /** failed → <failure>, skipped → <skipped>, else passed. */
  outcome: 'passed' | 'failed' | 'skipped';
  message?: string;
  /** Free text shown with the case (what was done, what waits). */
  output?: string;
  timeMs?: number;
}

export interface JunitReport {
  add(c: JunitCase): void;
  /** Writes the report. Safe to call twice (the second call does nothing). */
  end(): void;
}

/** Parses `--report <format> <file>` (commander gives both values as one list). */
export function reportTarget(values: string[] | undefined): string | undefined {
  if (!values) return undefined;
  if (values.length !== 2 || values[0] !== 'junit') throw new UsageError(`--report takes a format and a file, e.g. --report junit results.xml (got "${values.join(' ')}")`);
  return values[1];
}

export function junitReport(file: string, suite: string): JunitReport {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`--report: the directory of ${file} does not exist`);
  const scratch = path.join(dir, `.${path.basename(file)}.${process.pid}.cases`);
  const fd = fs.openSync(scratch, 'w');
  const started = Date.now();
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  let ended = false;
  return {
    add(c) {
      tests++;
      if (c.outcome === 'failed') failures++;
      if (c.outcome === 'skipped') skipped++;
      const time = c.timeMs === undefined ? '' : ` time="${(c.timeMs / 1000).toFixed(3)}"`;
      let body = '';
      if (c.outcome === 'failed') body += `<failure message="${esc(c.message ?? 'failed')}"/>`;
      if (c.outcome === 'skipped') body += `<skipped message="${esc(c.message ?? 'not run')}"/>`;
      if (c.output) body += `<system-out>${esc(c.output)}</system-out>`;
      fs.writeSync(fd, `    <testcase classname="${esc(suite)}" name="${esc(c.name)}"${time}${body ? `>${body}</testcase>` : '/>'}\n`);
    },
    end() {
      if (ended) return;
      ended = true;
      fs.closeSync(fd);
      const head = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${tests}" failures="${failures}" skipped="${skipped}">\n  <testsuite name="${esc(suite)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${((Date.now() - started) / 1000).toFixed(3)}" timestamp="${new Date(started).toISOString().slice(0, 19)}">\n`;
      const tmp = `${scratch}.xml`;
      const out = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(out, head);
        // Copy the cases in chunks: memory stays flat however many there are.
        const src = fs.openSync(scratch, 'r');
        const buf = Buffer.alloc(64 * 1024);
        for (let n; (n = fs.readSync(src, buf, 0, buf.length, null)) > 0;) fs.writeSync(out, buf, 0, n);
        fs.closeSync(src);
        fs.writeSync(out, '  </testsuite>\n</testsuites>\n');
      } finally {
        fs.closeSync(out);
      }
      fs.renameSync(tmp, file);
      fs.rmSync(scratch, { force: true });
    },
  };
}

// XML 1.0 forbids most control characters even escaped; drop them (tab, LF and CR stay).
const esc = (s: string) =>
  [...s].filter((ch) => ch.charCodeAt(0) >= 0x20 || ch === '\t' || ch === '\n' || ch === '\r').join('')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
