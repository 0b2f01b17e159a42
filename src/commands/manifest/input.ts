// Where `plan` and `apply` read the manifest: a file, or standard input for `-f -` (as kubectl does), read with
// the same bound as a file. From stdin, relative paths in the manifest (key files, secret files and sinks)
// resolve against the current directory, and the file name in messages is <stdin>.
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { loadManifest, parseManifest } from '../../manifest/load.js';
import type { Manifest } from '../../manifest/types.js';
import { MAX_INPUT_BYTES } from '../../manifest/yaml.js';
import { readAllStdin } from '../shared/inputs.js';

export async function readManifest(file: string, f: Factory): Promise<Manifest> {
  if (file !== '-') return loadManifest(file, f.env);
  const text = await readAllStdin(f, '-f - reads the manifest from standard input, which is a terminal; pipe it in, e.g. spacectl app export --app x | spacectl plan -f -', { max: MAX_INPUT_BYTES, flag: '-f -' });
  if (!text.trim()) throw new UsageError('-f -: standard input was empty; pipe a manifest in');
  return parseManifest(text, '<stdin>', process.cwd(), f.env);
}
