// Space error model: every non-2xx answer is `{error, error_description}` (Space HTTP API).
// Handlers throw ApiError; the server turns it into the HTTP response.

export type ErrorCode =
  | 'validation-error'
  | 'request-error'
  | 'authentication-required'
  | 'permission-denied'
  | 'not-found'
  | 'duplicated-entity'
  | 'rate-limited'
  | 'payload-too-large'
  | 'internal-server-error'
  // OAuth token endpoint codes (RFC 6749 style; the Space HTTP API says these are UNCONFIRMED for Space)
  | 'invalid_client'
  | 'invalid_request'
  | 'invalid_scope'
  | 'unsupported_grant_type';

/** The status Space pairs with each code is UNCONFIRMED (Space HTTP API); these follow the SDKs' fallback mapping. */
const STATUS: Record<ErrorCode, number> = {
  'validation-error': 400,
  'request-error': 400,
  'authentication-required': 401,
  'permission-denied': 403,
  'not-found': 404,
  'duplicated-entity': 409,
  'rate-limited': 429,
  'payload-too-large': 413,
  'internal-server-error': 500,
  invalid_client: 401,
  invalid_request: 400,
  invalid_scope: 400,
  unsupported_grant_type: 400,
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(code: ErrorCode | string, description: string, status?: number, headers: Record<string, string> = {}) {
    // Error descriptions must be one line: clients print them verbatim.
    super(description.replace(/\s*[\r\n]+\s*/g, ' '));
    this.code = code;
    this.status = status ?? STATUS[code as ErrorCode] ?? 400;
    this.headers = headers;
  }
  body(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.message };
  }
}

/** Default `error` code for an injected fault status. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400: return 'request-error';
    case 401: return 'authentication-required';
    case 403: return 'permission-denied';
    case 404: return 'not-found';
    case 409: return 'duplicated-entity';
    case 413: return 'payload-too-large';
    case 429: return 'rate-limited';
    default: return status >= 500 ? 'internal-server-error' : 'request-error';
  }
}

export const validation = (msg: string): ApiError => new ApiError('validation-error', msg);
export const requestError = (msg: string): ApiError => new ApiError('request-error', msg);
export const notFound = (msg: string): ApiError => new ApiError('not-found', msg);
export const denied = (msg: string): ApiError => new ApiError('permission-denied', msg);
export const duplicated = (msg: string): ApiError => new ApiError('duplicated-entity', msg);
export const unauthenticated = (msg: string): ApiError => new ApiError('authentication-required', msg);
