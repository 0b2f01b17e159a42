// The --url of commands that save a server (profile add, auth login): one parse, one error text.
import { normalizeServerUrl } from '../../api/client.js';
import { UsageError } from '../../errors.js';

/** The server's normalised URL, or a usage error naming --url and what would be valid. */
export function serverUrlFlag(rawUrl: string): string {
  try {
    const url = normalizeServerUrl(rawUrl);
    if (/^https?:$/.test(new URL(url).protocol)) return url;
  } catch {
    // falls through to the one error below
  }
  throw new UsageError(`--url "${rawUrl}" is not an http(s) URL (expected e.g. https://acme.jetbrains.space)`);
}
