// The organisation's RSA key pair used for public-key signatures of payloads (REFERENCE §5).
// Generated on first use only: RSA generation takes ~100 ms and would slow down emulator startup.
import crypto from 'node:crypto';

export interface SigningKeys { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; kid: string; jwks: string }

let pending: Promise<SigningKeys> | undefined;

export function signingKeys(): Promise<SigningKeys> {
  pending ??= new Promise<SigningKeys>((resolve, reject) => {
    crypto.generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) => {
      if (err) return reject(err);
      const jwk = publicKey.export({ format: 'jwk' });
      const kid = crypto.createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 16);
      const jwks = JSON.stringify({ keys: [{ kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS512', use: 'sig', kid }] });
      resolve({ privateKey, publicKey, kid, jwks });
    });
  });
  return pending;
}
