import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { samplePayload, signPayload, verifySignature } from '../../src/domain/signing.js';

const KEY = 'my-signing-key';
const TS = 1594131269767; // the sample timestamp from Space's docs (ms since epoch)

// Vectors computed independently with: printf '%s' "$TS:$BODY" | openssl dgst -sha256 -hmac "$KEY"
const VECTORS = [
  { body: '{"className":"ListCommandsPayload"}', sig: '5e87d04f96e58f84140dd6b649d0f5abb5886fc43422d1a0c47d6fb30e228506' },
  { body: '{"text":"héllo ✓"}', sig: 'f2d0f93318aee77f6797c074ebc5b9d916f05718f6b2e01a7ceec9d93a27daea' },
];

describe('signPayload', () => {
  it.each(VECTORS)('matches the openssl vector for $body', ({ body, sig }) => {
    const s = signPayload(body, KEY, TS);
    expect(s.signature).toBe(sig);
    expect(s.timestamp).toBe('1594131269767');
    expect(s.headers).toEqual({ 'X-Space-Timestamp': '1594131269767', 'X-Space-Signature': sig });
  });

  const openssl = spawnSync('openssl', ['version']).status === 0;
  (openssl ? it : it.skip)('matches openssl dgst -hmac on a fresh payload', () => {
    const body = samplePayload({ clientId: 'c-123', verificationToken: 'vt', userId: 'u1' });
    const s = signPayload(body, 'k3y-', 1700000000000);
    const out = spawnSync('openssl', ['dgst', '-sha256', '-hmac', 'k3y-'], { input: `1700000000000:${body}` }).stdout.toString();
    expect(out.trim().split(/\s+/).pop()).toBe(s.signature);
  });

  it('defaults the timestamp to now', () => {
    const before = Date.now();
    const s = signPayload('{}', KEY);
    expect(Number(s.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(s.timestamp)).toBeLessThanOrEqual(Date.now());
    expect(s.signature).toBe(createHmac('sha256', KEY).update(`${s.timestamp}:{}`).digest('hex'));
  });
});

describe('verifySignature', () => {
  const { body, sig } = VECTORS[0] as { body: string; sig: string };

  it('accepts a valid signature (also given as number/uppercase hex)', () => {
    expect(verifySignature(body, '1594131269767', sig, KEY)).toBe(true);
    expect(verifySignature(body, TS, sig.toUpperCase(), KEY)).toBe(true);
  });

  it('detects tampering with body, timestamp, signature or key', () => {
    expect(verifySignature(`${body} `, TS, sig, KEY)).toBe(false);
    expect(verifySignature(body.replace('List', 'Lost'), TS, sig, KEY)).toBe(false);
    expect(verifySignature(body, TS + 1, sig, KEY)).toBe(false);
    expect(verifySignature(body, TS, `${sig.slice(0, -1)}7`, KEY)).toBe(false);
    expect(verifySignature(body, TS, sig, `${KEY}x`)).toBe(false);
  });

  it('rejects malformed signatures without throwing', () => {
    expect(verifySignature(body, TS, '', KEY)).toBe(false);
    expect(verifySignature(body, TS, sig.slice(0, 62), KEY)).toBe(false);
    expect(verifySignature(body, TS, `${sig.slice(0, 63)}g`, KEY)).toBe(false);
  });
});

describe('samplePayload', () => {
  it('builds a ListCommandsPayload with only the given optional fields', () => {
    expect(samplePayload({ clientId: 'abc' })).toBe('{"className":"ListCommandsPayload","accessToken":"","clientId":"abc"}');
    expect(JSON.parse(samplePayload({ clientId: 'abc', verificationToken: 'vt', userId: 'u1' }))).toEqual({
      className: 'ListCommandsPayload',
      accessToken: '',
      verificationToken: 'vt',
      userId: 'u1',
      clientId: 'abc',
    });
  });

  it('round-trips through sign and verify', () => {
    const body = samplePayload({ clientId: 'abc', verificationToken: 'vt' });
    const s = signPayload(body, KEY, TS);
    expect(verifySignature(body, s.timestamp, s.signature, KEY)).toBe(true);
  });
});
