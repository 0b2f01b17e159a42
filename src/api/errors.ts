import { CliError, ExitCode } from '../errors.js';

/** Space's error codes (Space HTTP API), plus the OAuth ones the token endpoint uses. */
export type SpaceErrorCode =
  | 'validation-error'
  | 'authentication-required'
  | 'permission-denied'
  | 'duplicated-entity'
  | 'request-error'
  | 'not-found'
  | 'rate-limited'
  | 'payload-too-large'
  | 'internal-server-error'
  | (string & {});

const STATUS_FALLBACK: Record<number, SpaceErrorCode> = {
  400: 'request-error',
  401: 'authentication-required',
  403: 'permission-denied',
  404: 'not-found',
  409: 'duplicated-entity',
  413: 'payload-too-large',
  431: 'payload-too-large',
  429: 'rate-limited',
  500: 'internal-server-error',
};

/** A non-2xx answer from Space. `code` comes from the body's `error`, else from the status. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: SpaceErrorCode,
    readonly description: string,
    readonly method: string,
    readonly url: string,
    readonly retryAfterMs?: number,
  ) {
    super(apiErrorMessage(code, description, status), exitCodeFor(code), hintFor(code));
  }

  get isExpiredToken(): boolean {
    return this.code === 'authentication-required' && /expired/i.test(this.description);
  }
}

/** Connection refused, reset, timed out: the request may never have reached Space. */
export class NetworkError extends CliError {
  constructor(
    readonly original: Error & { code?: string },
    readonly method: string,
    readonly url: string,
    /** The proxy the request went through (without credentials), when one did. */
    readonly proxy?: string,
  ) {
    const tls = untrustedCertificate(original);
    const host = new URL(url).host;
    super(
      !tls ? `cannot reach ${new URL(url).origin}${proxy ? ` through the proxy ${proxy}` : ''}: ${describeNetworkError(original)} (${method} ${url})`
        : tls.kind === 'host' ? `the certificate of ${host} is not valid for that name (${tls.reason}); use the host name the certificate names in the server URL`
          : tls.kind === 'dates' ? `the certificate of ${host} is outside its validity dates (${tls.reason}); it must be renewed on the server, unless this machine's clock is wrong`
            : `the certificate of ${host} is not trusted (${tls.reason}); pass --ca-file <ca.pem> to \`spacectl profile add\`, or set SPACECTL_CA_FILE`,
      ExitCode.Error,
      tls?.kind === 'untrusted' ? 'spacectl never turns certificate checks off; give the PEM file of the CA that signed the server\'s certificate.'
        : tls ? 'spacectl never turns certificate checks off, and a --ca-file does not change this.'
          : proxy && !TIMEOUT_CODES.has(original.code ?? '') ? `Check HTTPS_PROXY / HTTP_PROXY (${proxy} is in use), the proxy's credentials, and NO_PROXY for servers it cannot reach.` : networkHint(original),
    );
  }
  get code(): string | undefined {
    return this.original.code ?? (this.original.cause as { code?: string } | undefined)?.code;
  }
  get isTimeout(): boolean {
    return TIMEOUT_CODES.has(this.code ?? '');
  }
}

/**
 * A 2xx answer that breaks the response contract (src/api/contract.ts): not JSON, cut short, or missing what
 * the command relies on. Nothing local is written after it; a write may still have happened on the server.
 */
export class ResponseError extends CliError {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly contentType: string,
    readonly problem: string,
  ) {
    super(`unexpected answer to ${method} ${url} (HTTP ${status}, ${contentType || 'no content type'}): ${problem}`, ExitCode.Error,
      `The server at ${new URL(url).origin} did not answer as Space does; check --url / SPACE_URL and any proxy in between.${method === 'GET' ? '' : ' The request may have taken effect on the server; a re-run checks before it writes.'}`);
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

function networkHint(e: Error & { code?: string }): string {
  if (TIMEOUT_CODES.has(e.code ?? '')) return 'The server did not answer in time (SPACECTL_TIMEOUT_MS, default 30000); check that it is up and not overloaded.';
  return 'Check --url / SPACE_URL and that the server is running.';
}

/** OpenSSL's verification failures (and Node's host-name check): the reason in words, else undefined. */
function untrustedCertificate(e: Error & { code?: string }): { reason: string; kind: 'host' | 'dates' | 'untrusted' } | undefined {
  const inner = (e.cause ?? e) as Error & { code?: string };
  for (const x of [e, inner]) {
    if (x.code && (TLS_VERIFY_CODES.has(x.code) || /CERT|_SIGNED|SIGNATURE/.test(x.code))) {
      const kind = x.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'host' : DATE_CODES.has(x.code) ? 'dates' : 'untrusted';
      return { reason: x.message.replace(/\s+/g, ' ').trim() || x.code, kind };
    }
  }
  return undefined;
}
// An expired (or not yet valid) certificate is the server's to renew: trusting another CA would not help.
const DATE_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const TLS_VERIFY_CODES = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'INVALID_CA']);

function describeNetworkError(e: Error & { code?: string }): string {
  switch (e.code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ECONNRESET': case 'UND_ERR_SOCKET': return 'connection reset';
    case 'ENOTFOUND': return 'host not found';
    case 'UND_ERR_HEADERS_TIMEOUT': case 'UND_ERR_BODY_TIMEOUT': case 'UND_ERR_CONNECT_TIMEOUT': case 'ETIMEDOUT': return 'request timed out';
    default: {
      // undici's words when a proxy refuses the CONNECT tunnel (407: it wants credentials; 403: not allowed).
      const refused = /^Proxy response \((\d+)\)/.exec(e.message);
      if (refused) return `the proxy refused the connection (HTTP ${refused[1]}${refused[1] === '407' ? ', proxy authentication required' : ''})`;
      return e.code ? `${e.code} ${e.message}` : e.message;
    }
  }
}

export function errorCodeFor(status: number, bodyError: unknown): SpaceErrorCode {
  if (typeof bodyError === 'string' && bodyError) return bodyError;
  return STATUS_FALLBACK[status] ?? (status >= 500 ? 'internal-server-error' : 'request-error');
}

function exitCodeFor(code: SpaceErrorCode): number {
  switch (code) {
    case 'authentication-required': case 'permission-denied': case 'invalid_client': case 'invalid_grant': case 'unauthorized_client':
      return ExitCode.Auth;
    case 'validation-error':
      return ExitCode.Error;
    default:
      return ExitCode.Error;
  }
}

function apiErrorMessage(code: SpaceErrorCode, description: string, status: number): string {
  const text = description.replace(/\s+/g, ' ').trim();
  return `${code} (HTTP ${status})${text ? `: ${text}` : ''}`;
}

function hintFor(code: SpaceErrorCode): string | undefined {
  switch (code) {
    case 'authentication-required': case 'invalid_client':
      return 'Check the credentials: `spacectl auth status`, or set SPACE_TOKEN / SPACE_CLIENT_ID and SPACE_CLIENT_SECRET.';
    case 'permission-denied':
      return 'The credentials in use lack a right this call needs; `spacectl auth status` shows whose they are.';
    case 'rate-limited':
      return 'Space is rate-limiting; retry later or lower --concurrency.';
    case 'payload-too-large':
      return 'The request was too large for the server; send fewer items at once.';
    case 'internal-server-error':
      return 'The server failed; retry later. A write may or may not have taken effect: a re-run checks first.';
    default:
      return undefined;
  }
}

/** Failures that say nothing about whether Space made the change. A refused connection never reached it. */
export function isAmbiguousWrite(e: unknown): boolean {
  if (e instanceof ResponseError) return true;
  if (e instanceof ApiError) return e.status >= 500;
  if (e instanceof NetworkError) return !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(e.code ?? '');
  return false;
}

export const isApiError = (e: unknown, code?: SpaceErrorCode): e is ApiError =>
  e instanceof ApiError && (code === undefined || e.code === code);
