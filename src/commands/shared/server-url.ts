// The --url of commands that save a server (profile add, auth login): one parse, one error text.
import { normalizeServerUrl } from '../../api/client.js';
import { checkServerUrl, type ServerUrlRules } from '../../config/server-url.js';

/** The server's normalised URL, or a usage error naming --url and what would be valid. */
export function serverUrlFlag(rawUrl: string, plainHttp?: ServerUrlRules['plainHttp']): string {
  checkServerUrl(rawUrl, '--url', { credentialsHint: 'give them as --token-stdin, --token-file or --client-id with --client-secret-stdin', plainHttp });
  return normalizeServerUrl(rawUrl);
}
