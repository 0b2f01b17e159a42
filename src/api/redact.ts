// Secrets never reach logs or messages: headers, JSON bodies and free text are scrubbed here.
const SECRET_KEYS = new Set([
  'authorization', 'clientsecret', 'client_secret', 'basicauthpassword', 'bearerauthtoken', 'access_token',
  'refresh_token', 'token', 'password', 'signingkey', 'verificationtoken', 'secret', 'second',
]);

export const REDACTED = '***';

/** Headers that carry credentials by their name: Authorization, Cookie, X-Api-Key, X-Auth-Token, … */
export const isSecretHeader = (name: string): boolean => /auth|token|key|secret|cookie|password|session|credential/i.test(name);

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (/^(proxy-)?authorization$/i.test(k)) out[k] = `${v.split(' ')[0] ?? ''} ${REDACTED}`;
    else out[k] = isSecretHeader(k) ? REDACTED : v;
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

// The registry: every secret that enters the process is registered here once (credentials, Authorization
// headers, secret fields of request bodies, tokens and keys read from Space), and every path that shows text
// (the error reporter, the debug log, error descriptions) scrubs with it. What is not registered cannot be
// known, so registration happens where secrets enter: the client and the credential resolver.
const registry = new Set<string>();
const MIN_REGISTERED = 6;

/** One run, one registry (tests run many CLI invocations in one process). */
export function resetSecrets(): void {
  registry.clear();
}

/** Registers secrets and the forms they travel in (Basic headers, URL-encoding, JSON escaping). */
export function registerSecret(...values: Array<string | null | undefined>): void {
  for (const v of values) {
    // Shorter strings would mask ordinary words everywhere; a request's own secrets are also scrubbed per request.
    if (!v || v.length < MIN_REGISTERED) continue;
    registry.add(v);
    for (const form of [encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]) if (form !== v) registry.add(form);
  }
}

/** `Basic base64(id:secret)`: the base64 is a secret of its own. */
export function registerBasicCredentials(id: string, secret: string): string {
  const b64 = Buffer.from(`${id}:${secret}`).toString('base64');
  registerSecret(secret, b64);
  return b64;
}

/** Registers the value of every secret-named field of a JSON body; true when there was one. */
export function registerBodySecrets(value: unknown): boolean {
  let found = false;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (SECRET_KEYS.has(k.toLowerCase()) && typeof x === 'string' && x) { registerSecret(x); found = true; } else walk(x);
      }
    }
  };
  walk(value);
  return found;
}

/** Scrubs every registered secret (longest first, so a secret inside another leaves no tail). */
export function scrubKnown(text: string, marker = REDACTED): string {
  if (!registry.size || !text) return text;
  return scrub(text, [...registry].sort((a, b) => b.length - a.length), marker);
}

/** Flags whose value is a secret: known from the start, so even a parse error never prints one back. */
const SECRET_FLAGS = new Set(['--token', '--client-secret', '--admin-token', '--project-admin-token', '--member-token']);

/** Registers the values of secret flags on a command line (`--token X`, `--token=X`). */
export function registerArgvSecrets(argv: readonly string[]): void {
  argv.forEach((a, i) => {
    const eq = a.indexOf('=');
    if (eq > 0 && SECRET_FLAGS.has(a.slice(0, eq))) registerSecret(a.slice(eq + 1));
    else if (SECRET_FLAGS.has(a)) registerSecret(argv[i + 1]);
  });
}
