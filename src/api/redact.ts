// Secrets never reach logs or messages: headers, JSON bodies and free text are scrubbed here.
const SECRET_KEYS = new Set([
  'authorization', 'clientsecret', 'client_secret', 'basicauthpassword', 'bearerauthtoken', 'access_token',
  'refresh_token', 'token', 'password', 'signingkey', 'verificationtoken', 'secret', 'second',
]);

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


/** Scrub any of the given literal secrets out of free text (error descriptions, messages). */
export function scrub(text: string, secrets: Array<string | undefined>, marker = REDACTED): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(marker);
  return out;
}
