// Secrets never reach logs: headers, JSON bodies and secret-bearing responses are scrubbed here.
const SECRET_KEYS = new Set([
  'authorization', 'clientsecret', 'client_secret', 'basicauthpassword', 'bearerauthtoken', 'access_token',
  'refresh_token', 'token', 'password', 'signingkey', 'verificationtoken', 'secret', 'second',
]);
const SECRET_PATHS = /\/(client-secret|signing-key|verification-token|bearer-token)(\/|$)|\/permanent-tokens$|\/oauth\/token$/;

export const REDACTED = '***';

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === 'authorization') out[k] = `${v.split(' ')[0] ?? ''} ${REDACTED}`;
    else out[k] = v;
  }
  return out;
}

export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.has(k.toLowerCase()) && v != null ? REDACTED : redactJson(v);
    return out;
  }
  return value;
}

/** Responses of these endpoints are secrets in their entirety. */
export function isSecretPath(pathname: string): boolean {
  return SECRET_PATHS.test(pathname);
}

/** Scrub any of the given literal secrets out of free text (error descriptions, messages). */
export function scrub(text: string, secrets: Array<string | undefined>, marker = REDACTED): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(marker);
  return out;
}
