// Space's signing-key authentication of calls to an app endpoint (Space HTTP API):
// X-Space-Signature = lowercase hex HMAC-SHA256(key = ASCII bytes of the signing key,
// message = UTF-8 of `${timestamp}:${rawBody}`), X-Space-Timestamp = ms since epoch.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Space-Timestamp';
export const SIGNATURE_HEADER = 'X-Space-Signature';
/** Public-key verification: base64 RSA PKCS#1 v1.5 / SHA-512 over `${timestamp}:${body}`, made with Space's key. */
export const PUBLIC_KEY_SIGNATURE_HEADER = 'X-Space-Public-Key-Signature';

export interface SignedPayload {
  headers: Record<string, string>;
  timestamp: string;
  signature: string;
}

function hmacHex(body: string, timestamp: string, signingKey: string): string {
  // Signing keys are ASCII; 'latin1' maps each char to one byte exactly as the .NET/Kotlin SDKs do.
  return createHmac('sha256', Buffer.from(signingKey, 'latin1'))
    .update(Buffer.from(`${timestamp}:${body}`, 'utf8'))
    .digest('hex');
}

export function signPayload(body: string, signingKey: string, timestamp: number | string = Date.now()): SignedPayload {
  const ts = String(timestamp);
  const signature = hmacHex(body, ts, signingKey);
  return {
    headers: { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signature },
    timestamp: ts,
    signature,
  };
}

/** Constant-time check of a received signature against the raw body (never a re-serialized one). */
export function verifySignature(body: string, timestamp: number | string, signature: string, signingKey: string): boolean {
  const sig = signature.trim();
  if (!/^[0-9a-f]{64}$/i.test(sig)) return false;
  const expected = Buffer.from(hmacHex(body, String(timestamp), signingKey), 'hex');
  return timingSafeEqual(expected, Buffer.from(sig, 'hex'));
}

export interface SamplePayloadOptions {
  clientId: string;
  verificationToken?: string;
  userId?: string;
}

/**
 * JSON text of a harmless payload Space would send (ListCommandsPayload: asks the app for its commands,
 * changes nothing). `verificationToken`/`userId` appear only when given.
 */
export function samplePayload(opts: SamplePayloadOptions): string {
  return JSON.stringify({
    className: 'ListCommandsPayload',
    accessToken: '',
    ...(opts.verificationToken !== undefined ? { verificationToken: opts.verificationToken } : {}),
    ...(opts.userId !== undefined ? { userId: opts.userId } : {}),
    clientId: opts.clientId,
  });
}
