// `endpoint public-keys`: the JWKS Space publishes for the app, which an endpoint using public-key
// verification checks X-Space-Public-Key-Signature against.
import { createPublicKey } from 'node:crypto';
import { getPublicKeys, type Jwk } from '../../api/public-keys.js';
import { appId } from '../../api/ids.js';
import type { Factory } from '../../factory.js';
import { printJson, printTable } from '../../io/output.js';
import { resolveApp } from '../../services/apps/ref.js';
import { askApp } from '../shared/app-ref.js';
import { requireValues } from '../shared/inputs.js';

export async function endpointPublicKeys(flags: { app?: string }, f: Factory): Promise<void> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: askApp(f) }] as const);
  const api = await f.api();
  const app = await resolveApp(api, ref);
  const jwks = await getPublicKeys(api, appId(app.id));
  // --json prints the JWKS itself, ready for a verifier's configuration.
  if (f.io.json) return printJson(f.io, jwks);
  printTable(f.io, ['KID', 'TYPE', 'ALG', 'USE', 'BITS'], jwks.keys.map((k) => [k.kid ?? '-', k.kty, k.alg ?? '-', k.use ?? '-', bits(k)]));
}

function bits(k: Jwk): string {
  try {
    const d = createPublicKey({ key: k as never, format: 'jwk' }).asymmetricKeyDetails;
    return d?.modulusLength ? String(d.modulusLength) : '-';
  } catch {
    return '-';
  }
}
