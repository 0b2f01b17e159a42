// The --url of commands that save a server (profile add, auth login): one parse, one error text.
import { normalizeServerUrl } from '../../api/client.js';
import { UsageError } from '../../errors.js';

/** The server's normalised URL, or a usage error naming --url and what would be valid. */
export function serverUrlFlag(rawUrl: string): string {
  if (URL.canParse(rawUrl) && (new URL(rawUrl).username || new URL(rawUrl).password)) {
    throw new UsageError('--url must not contain credentials ("user:password@"); give them as --token-stdin, --token-file or --client-id with --client-secret-stdin');
  }
  try {
    const url = normalizeServerUrl(rawUrl);
    if (/^https?:$/.test(new URL(url).protocol)) return url;
  } catch {
    // falls through to the one error below
  }
  throw new UsageError(`--url "${rawUrl}" is not an http(s) URL (expected e.g. https://acme.jetbrains.space)`);
}
