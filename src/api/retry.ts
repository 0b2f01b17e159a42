// Which failures are worth retrying, and how long to wait: the retry budget (README "Retries"). Kept apart
// from the client so it is unit-testable.
import { ApiError, NetworkError } from './errors.js';
import { envWholeNumber } from '../config/env-settings.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Backoff: give up when the next wait would end beyond this many ms after the first attempt. */
  maxTotalMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After honoured; a server asking for more is not retried (SPACECTL_MAX_RETRY_WAIT). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, maxTotalMs: 30_000, baseDelayMs: 250, maxDelayMs: 10_000, maxRetryAfterMs: 120_000 };

/** SPACECTL_MAX_RETRY_WAIT=<seconds> changes the longest Retry-After honoured (0: never wait for one). */
export function retryPolicyFromEnv(env: Record<string, string | undefined>): RetryPolicy {
  const s = envWholeNumber(env, 'SPACECTL_MAX_RETRY_WAIT', { min: 0, max: 3600, unit: 'seconds', example: 120 });
  return s === undefined ? DEFAULT_RETRY : { ...DEFAULT_RETRY, maxRetryAfterMs: s * 1000 };
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNREFUSED', 'UND_ERR_CLOSED']);

/**
 * A 429 was refused before it did anything, so any method may repeat it. Other failures (502/503/504, a reset,
 * a timeout) only for calls that are idempotent: by method, or by nature (`idempotent`: PATCHes that set a
 * state, such as a right's status, which give the same result when sent twice).
 */
export function isRetryable(method: string, e: unknown, idempotent = IDEMPOTENT.has(method)): boolean {
  if (e instanceof ApiError) {
    if (e.status === 429) return true;
    return idempotent && (e.status === 502 || e.status === 503 || e.status === 504);
  }
  if (e instanceof NetworkError) return idempotent && (RESET_CODES.has(e.code ?? '') || e.isTimeout);
  return false;
}

/** Exponential backoff with jitter, or the server's Retry-After when it gave one (undefined: it asks for too long). */
export function retryDelayMs(e: unknown, attempt: number, p: RetryPolicy, random = Math.random): number | undefined {
  const fromServer = e instanceof ApiError ? e.retryAfterMs : undefined;
  if (fromServer !== undefined) return fromServer <= p.maxRetryAfterMs ? fromServer : undefined;
  return Math.min(p.baseDelayMs * 2 ** attempt + random() * p.baseDelayMs, p.maxDelayMs);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
