// Numeric settings from the environment (SPACECTL_TIMEOUT_MS, SPACECTL_MAX_RETRY_WAIT): unset or empty means
// the default; anything else must be a whole number in range. A value that is not is refused, exit 2 — a CI job
// with SPACECTL_TIMEOUT_MS=30s must not quietly run with the default instead of what it meant.
import { UsageError } from '../errors.js';

type Env = Record<string, string | undefined>;

export function envWholeNumber(env: Env, name: string, o: { min: number; max: number; unit: string; example: number }): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(v) || v < o.min || v > o.max) {
    throw new UsageError(`${name}=${JSON.stringify(raw)} must be a whole number of ${o.unit} from ${o.min} to ${o.max} (e.g. ${name}=${o.example}); unset it for the default`);
  }
  return v;
}
