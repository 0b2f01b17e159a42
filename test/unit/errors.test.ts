import { ApiError, NetworkError, errorCodeFor } from '../../src/api/errors.js';
import { isRetryable, parseRetryAfter, retryDelayMs, retryPolicyFromEnv, DEFAULT_RETRY } from '../../src/api/retry.js';
import { redactHeaders, redactJson, scrub } from '../../src/api/redact.js';
import { DomainError } from '../../src/domain/errors.js';
import { ExitCode, UsageError } from '../../src/errors.js';
import { reportError } from '../../src/report.js';
import { makeIO } from '../../src/io/io.js';
import { PassThrough, Readable } from 'node:stream';

const api = (status: number, error?: string, description = '') =>
  new ApiError(status, errorCodeFor(status, error), description, 'GET', 'http://x/api/http/applications');

describe('error mapping', () => {
  test('the body `error` wins over the status', () => {
    expect(errorCodeFor(400, 'duplicated-entity')).toBe('duplicated-entity');
    expect(errorCodeFor(401, undefined)).toBe('authentication-required');
    expect(errorCodeFor(403, '')).toBe('permission-denied');
    expect(errorCodeFor(404, undefined)).toBe('not-found');
    expect(errorCodeFor(429, undefined)).toBe('rate-limited');
    expect(errorCodeFor(503, undefined)).toBe('internal-server-error');
  });

  test('auth and permission errors exit 4, others 1', () => {
    expect(api(401, 'authentication-required').exitCode).toBe(ExitCode.Auth);
    expect(api(403, 'permission-denied').exitCode).toBe(ExitCode.Auth);
    expect(api(400, 'validation-error').exitCode).toBe(ExitCode.Error);
    expect(api(404, 'not-found').exitCode).toBe(ExitCode.Error);
  });

  test('expired token is recognised from the description', () => {
    expect(api(401, 'authentication-required', 'Access token has expired').isExpiredToken).toBe(true);
    expect(api(401, 'authentication-required', 'no token').isExpiredToken).toBe(false);
  });
});

describe('retry policy', () => {
  const reset = new NetworkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'GET', 'http://x/');
  test('idempotent methods retry on 502/503/504 and resets; POST/PATCH do not', () => {
    for (const s of [502, 503, 504]) {
      expect(isRetryable('GET', api(s))).toBe(true);
      expect(isRetryable('POST', api(s))).toBe(false);
      expect(isRetryable('PATCH', api(s))).toBe(false);
    }
    expect(isRetryable('DELETE', reset)).toBe(true);
    expect(isRetryable('POST', reset)).toBe(false);
    expect(isRetryable('GET', api(500))).toBe(false);
    expect(isRetryable('GET', api(404))).toBe(false);
  });
  test('timeouts retry for GETs; PATCHes that set a state retry like GETs; other writes never', () => {
    const timeout = new NetworkError(Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'GET', 'http://x/');
    expect(isRetryable('GET', timeout)).toBe(true);
    expect(isRetryable('POST', timeout)).toBe(false);
    for (const e of [api(502), api(503), api(504), reset, timeout]) {
      expect(isRetryable('PATCH', e, true)).toBe(true);
      expect(isRetryable('PATCH', e, false)).toBe(false);
    }
  });
  test('any method retries on 429: the request was refused, not applied', () => {
    expect(isRetryable('POST', api(429))).toBe(true);
    expect(isRetryable('PATCH', api(429))).toBe(true);
  });
  test('Retry-After: seconds or an HTTP date; honoured up to its maximum (120 s, SPACECTL_MAX_RETRY_WAIT), beyond it not waited for', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    const e = new ApiError(429, 'rate-limited', '', 'GET', 'http://x/', 3000);
    expect(retryDelayMs(e, 0, DEFAULT_RETRY, () => 0)).toBe(3000);
    const twoMinutes = new ApiError(429, 'rate-limited', '', 'GET', 'http://x/', 120_000);
    expect(retryDelayMs(twoMinutes, 0, DEFAULT_RETRY)).toBe(120_000);
    const huge = new ApiError(429, 'rate-limited', '', 'GET', 'http://x/', 600_000);
    expect(retryDelayMs(huge, 0, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelayMs(huge, 0, retryPolicyFromEnv({ SPACECTL_MAX_RETRY_WAIT: '600' }))).toBe(600_000);
    expect(retryDelayMs(e, 0, retryPolicyFromEnv({ SPACECTL_MAX_RETRY_WAIT: '0' }))).toBeUndefined();
    expect(retryPolicyFromEnv({ SPACECTL_MAX_RETRY_WAIT: '' })).toEqual(DEFAULT_RETRY);
    // A value that is not a whole number of seconds is refused, not quietly replaced by the default.
    expect(() => retryPolicyFromEnv({ SPACECTL_MAX_RETRY_WAIT: 'soon' })).toThrow(/SPACECTL_MAX_RETRY_WAIT="soon" must be a whole number of seconds from 0 to 3600/);
    expect(retryDelayMs(api(503), 2, DEFAULT_RETRY, () => 0)).toBe(DEFAULT_RETRY.baseDelayMs * 4);
  });
});

describe('redaction', () => {
  test('Authorization keeps its scheme only', () => {
    expect(redactHeaders({ authorization: 'Bearer abc.def', accept: 'application/json' })).toEqual({ authorization: 'Bearer ***', accept: 'application/json' });
  });
  test('secret fields are redacted at any depth; others kept', () => {
    const body = { name: 'x', clientSecret: 's3cr3t', nested: [{ bearerAuthToken: 't0k', basicAuthPassword: 'pw' }], publicKey: 'ssh-ed25519 AAA' };
    const out = JSON.stringify(redactJson(body));
    expect(out).not.toMatch(/s3cr3t|t0k|"pw"/);
    expect(out).toContain('ssh-ed25519 AAA');
    expect(out).toContain('"name":"x"');
  });
  test('scrub removes literal secrets from free text', () => {
    expect(scrub('bad secret hunter2 given', ['hunter2'])).toBe('bad secret *** given');
  });
});

describe('reportError', () => {
  const capture = (json = false) => {
    const out = new PassThrough();
    const err = new PassThrough();
    let o = '';
    let e = '';
    out.on('data', (d) => (o += d));
    err.on('data', (d) => (e += d));
    const io = makeIO({ in: Readable.from([]), out, err, stdinTTY: false, stdoutTTY: false, stderrTTY: false }, {}, { json });
    return { io, stdout: () => o, stderr: () => e };
  };
  test('usage errors: one line, exit 2, hint on its own line', () => {
    const c = capture();
    expect(reportError(c.io, new UsageError('missing required flag --name', 'try --help'), { verbose: false, jsonPrinted: false })).toBe(2);
    expect(c.stderr()).toBe('error: missing required flag --name\nhint: try --help\n');
    expect(c.stdout()).toBe('');
  });
  test('bad input found below the commands (DomainError) is a usage error: exit 2, not "a bug"', () => {
    const c = capture();
    expect(reportError(c.io, new DomainError('unknown right "Nope"', 'see rights catalog'), { verbose: false, jsonPrinted: false })).toBe(ExitCode.Usage);
    expect(c.stderr()).toBe('error: unknown right "Nope"\nhint: see rights catalog\n');
  });
  test('unexpected errors never dump a stack unless verbose', () => {
    const c = capture();
    expect(reportError(c.io, new TypeError('boom'), { verbose: false, jsonPrinted: false })).toBe(1);
    expect(c.stderr()).not.toMatch(/at .*\(/);
  });
  test('--json: an error is still one JSON document on stdout', () => {
    const c = capture(true);
    reportError(c.io, api(403, 'permission-denied', 'nope'), { verbose: false, jsonPrinted: false });
    const doc = JSON.parse(c.stdout());
    expect(doc.error).toMatchObject({ exitCode: 4, code: 'permission-denied' });
  });
});

describe('TLS verification failures', () => {
  const tlsError = (code: string, message: string) => new NetworkError(Object.assign(new Error(message), { code }), 'GET', 'https://space.corp:8443/api/http/applications');
  test('an unknown CA names the host and the way out; a wrong host name or an expired certificate says so; none is retried', () => {
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT']) {
      const e = tlsError(code, 'some reason');
      expect(e.message).toBe('the certificate of space.corp:8443 is not trusted (some reason); pass --ca-file <ca.pem> to `spacectl profile add`, or set SPACECTL_CA_FILE');
      expect(e.exitCode).toBe(ExitCode.Error);
      expect(isRetryable('GET', e)).toBe(false);
    }
    const host = tlsError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames");
    expect(host.message).toMatch(/^the certificate of space\.corp:8443 is not valid for that name \(Hostname/);
    for (const code of ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']) {
      const dates = tlsError(code, 'certificate has expired');
      expect(dates.message).toBe('the certificate of space.corp:8443 is outside its validity dates (certificate has expired); it must be renewed on the server, unless this machine\'s clock is wrong');
      expect(dates.hint).not.toMatch(/CA that signed/);
      expect(isRetryable('GET', dates)).toBe(false);
    }
    expect(tlsError('ECONNREFUSED', 'x').message).toMatch(/^cannot reach https:\/\/space\.corp:8443: connection refused/);
  });
});
