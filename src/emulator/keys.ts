// Each application's RSA key pair for public-key signatures of payloads (Space HTTP API): Space publishes the
// public part as a JWKS (GET /applications/{a}/public-keys) and signs calls to the app's endpoint with the
// private part. Generated on first use only (RSA generation takes ~100 ms), kept in memory: after a restart
// an app has a new key, as after a key rotation in Space, and verifiers refetch the JWKS.
import crypto from 'node:crypto';

export interface SigningKeys { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; kid: string; jwks: string }

const byApp = new Map<string, Promise<SigningKeys>>();

export function signingKeys(appId: string): Promise<SigningKeys> {
  let keys = byApp.get(appId);
  if (!keys) {
    keys = new Promise<SigningKeys>((resolve, reject) => {
      crypto.generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) => {
        if (err) return reject(err);
        const jwk = publicKey.export({ format: 'jwk' });
        const kid = crypto.createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 16);
        const jwks = JSON.stringify({ keys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS512', use: 'sig', kid }] });
        resolve({ privateKey, publicKey, kid, jwks });
      });
    });
    byApp.set(appId, keys);
  }
  return keys;
}

/** Space's public-key signature: base64 RSA PKCS#1 v1.5 / SHA-512 over `${timestamp}:${body}`. */
export async function signAsSpace(appId: string, timestamp: string, body: string): Promise<{ signature: string; kid: string }> {
  const k = await signingKeys(appId);
  const signature = crypto.sign('sha512', Buffer.from(`${timestamp}:${body}`, 'utf8'), { key: k.privateKey, padding: crypto.constants.RSA_PKCS1_PADDING }).toString('base64');
  return { signature, kid: k.kid };
}
