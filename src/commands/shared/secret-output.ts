// Secrets are shown only when asked (--reveal…) or written to a 0600 file; never by accident.
import fs from 'node:fs';
import path from 'node:path';
import { CliError, UsageError } from '../../errors.js';

/** Checked before any change is made, so a bad --secret-file never leaves a half-done registration. */
export function checkSecretFile(file: string | undefined, force: boolean | undefined, flag = '--secret-file'): void {
  if (!file) return;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`${flag} ${file}: directory ${dir} does not exist`);
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (st?.isDirectory()) throw new UsageError(`${flag} ${file} is a directory; give a file path`);
  if (st && !force) throw new UsageError(`${flag} ${file} already exists; pass --force to overwrite it`);
}

export type FileWrite = 'written' | 'unchanged';

/** Writes the secret alone on one line, mode 0600. Same content already there counts as done (re-runs are safe). */
export function writeSecretFile(file: string, secret: string, force: boolean | undefined, flag = '--secret-file'): FileWrite {
  const content = `${secret}\n`;
  const existing = readIfExists(file);
  if (existing !== undefined) {
    if (existing === content) {
      fs.chmodSync(file, 0o600);
      return 'unchanged';
    }
    if (!force) throw new UsageError(`${flag} ${file} already exists with other content; pass --force to overwrite it`);
    replaceFileAtomically(file, content);
    return 'written';
  }
  try {
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    throw new CliError(`cannot write ${flag} ${file}: ${(e as Error).message}`);
  }
  fs.chmodSync(file, 0o600); // umask cannot widen it, but be explicit
  return 'written';
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Replaces a file holding a secret: written beside it with mode 0600, then renamed over it, so the old content
 * stays intact until the new one is complete. `wx` refuses to follow anything planted at the temporary path.
 */
export function replaceFileAtomically(file: string, content: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(tmp, 0o600); // the umask cannot widen it, but be explicit
  fs.renameSync(tmp, file);
}
