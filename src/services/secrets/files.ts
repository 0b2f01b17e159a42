// The file system side of secret delivery: observing a sink and writing one. A secret is written beside its
// destination (0600, exclusive create, fsynced) and renamed over it, so the destination holds the old or the
// new content, never half of one. rename() replaces a symbolic link itself and never follows it, and the mode
// is set on the temporary file only: nothing is ever written or chmod-ed through a link.
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../../errors.js';

/** What is at a sink's path, without following a link for anything but reading an env file. */
export type SinkObservation =
  | { exists: false }
  | { exists: true; symlink: boolean; dangling: boolean; regular: boolean; mode: number; content?: string };

export function observePath(file: string): SinkObservation {
  const l = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!l) return { exists: false };
  if (l.isSymbolicLink()) {
    const target = fs.statSync(file, { throwIfNoEntry: false });
    const regular = Boolean(target?.isFile());
    return { exists: true, symlink: true, dangling: !target, regular, mode: target ? target.mode & 0o777 : 0, ...(regular ? { content: readText(file) } : {}) };
  }
  return { exists: true, symlink: false, dangling: false, regular: l.isFile(), mode: l.mode & 0o777, ...(l.isFile() ? { content: readText(file) } : {}) };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // unreadable: judged as holding something else
  }
}

/**
 * Why no file can be created in `dir` (no permission, a read-only file system), or undefined when one can.
 * Tried for real rather than judged from mode bits, which say nothing to root or about read-only mounts: a
 * secret must not be created or rotated where it then cannot be written.
 */
export function cannotCreateIn(dir: string): string | undefined {
  const probe = path.join(dir, `.spacectl-probe.${process.pid}.${Math.random().toString(36).slice(2, 10)}`);
  try {
    fs.closeSync(fs.openSync(probe, 'wx', 0o600));
    fs.rmSync(probe, { force: true });
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}

/** Replaces `file` (a regular file, a symlink or nothing) with a 0600 regular file holding `content`. */
export function writeFileAtomically(file: string, content: string, what = file): void {
  const dir = path.dirname(path.resolve(file));
  // Unique enough with the pid; 'wx' refuses anything already there (node:crypto would cost every app create).
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, content);
      fs.fchmodSync(fd, 0o600); // the umask cannot widen it, but be explicit
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new CliError(`cannot write ${what}: ${(e as Error).message}`);
  }
}

/** Replaces the `NAME=` line (also `export NAME=`) or appends one; other lines are kept as they are. */
export function upsertEnvLine(content: string, variable: string, value: string): string {
  const line = `${variable}=${/^[A-Za-z0-9_./+=:@-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`;
  const re = new RegExp(`^(export\\s+)?${variable}=.*$`);
  const lines = content === '' ? [] : content.replace(/\n$/, '').split('\n');
  const i = lines.findIndex((l) => re.test(l));
  if (i >= 0) lines[i] = line;
  else lines.push(line);
  return `${lines.join('\n')}\n`;
}

/** The value of `NAME=` in an env file (undoing upsertEnvLine's quoting), or undefined when the line is not there. */
export function readEnvValue(content: string, variable: string): string | undefined {
  const re = new RegExp(`^(?:export\\s+)?${variable}=(.*)$`);
  for (const l of content.split('\n')) {
    const m = re.exec(l.replace(/\r$/, ''));
    if (!m) continue;
    const v = m[1]!;
    if (/^'.*'$/.test(v)) return v.slice(1, -1).replace(/'\\''/g, "'");
    if (/^".*"$/.test(v)) return v.slice(1, -1);
    return v;
  }
  return undefined;
}
