// Where `plan` and `apply` read the manifest: a file, or standard input for `-f -` (as kubectl does), read with
// the same bound as a file. From stdin, relative paths in the manifest (key files, secret files and sinks)
// resolve against the current directory, and the file name in messages is <stdin>.
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { loadManifest, parseManifest } from '../../manifest/load.js';
import type { Manifest } from '../../manifest/types.js';
import { MAX_INPUT_BYTES } from '../../manifest/yaml.js';

export async function readManifest(file: string, f: Factory): Promise<Manifest> {
  if (file !== '-') return loadManifest(file, f.env);
  if (f.io.stdinTTY) throw new UsageError('-f - reads the manifest from standard input, which is a terminal; pipe it in, e.g. spacectl app export --app x | spacectl plan -f -');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of f.io.in) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
    total += b.length;
    if (total > MAX_INPUT_BYTES) throw new UsageError(`-f -: standard input is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MiB, the most spacectl reads`);
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new UsageError('-f -: standard input was empty; pipe a manifest in');
  return parseManifest(text, '<stdin>', process.cwd(), f.env);
}
