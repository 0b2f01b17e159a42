// Which failures are worth retrying, and how long to wait. Kept apart from the client so it is unit-testable.
import { ApiError, NetworkError } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Give up when the next wait would end beyond this many ms after the first attempt. */
  maxTotalMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, maxTotalMs: 30_000, baseDelayMs: 250, maxDelayMs: 10_000 };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNREFUSED', 'UND_ERR_CLOSED']);

/** A 429 was refused before it did anything, so any method may repeat it; other failures only for idempotent methods. */
export function isRetryable(method: string, e: unknown): boolean {
  if (e instanceof ApiError) {
    if (e.status === 429) return true;
    return IDEMPOTENT.has(method) && (e.status === 502 || e.status === 503 || e.status === 504);
  }
  if (e instanceof NetworkError) return IDEMPOTENT.has(method) && RESET_CODES.has(e.code ?? '');
  return false;
}

/** Exponential backoff with jitter, or the server's Retry-After when it gave one. */
export function retryDelayMs(e: unknown, attempt: number, p: RetryPolicy, random = Math.random): number {
  const fromServer = e instanceof ApiError ? e.retryAfterMs : undefined;
  const backoff = p.baseDelayMs * 2 ** attempt + random() * p.baseDelayMs;
  return Math.min(fromServer ?? backoff, p.maxDelayMs);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
