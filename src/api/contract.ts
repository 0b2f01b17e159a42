// The response contract: what each call relies on in Space's answer, checked before anything uses it.
// A check returns what is wrong (with the JSON path), or undefined when the value is acceptable.
export type Check = (value: unknown, at: string) => string | undefined;

export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const anything: Check = () => undefined;
export const string: Check = (v, at) => (typeof v === 'string' ? undefined : `${at} is ${describe(v)}, expected a string`);
export const nonEmptyString: Check = (v, at) => (typeof v === 'string' && v !== '' ? undefined : `${at} is ${describe(v)}, expected a non-empty string`);
export const boolean: Check = (v, at) => (typeof v === 'boolean' ? undefined : `${at} is ${describe(v)}, expected true or false`);
export const oneOf = (...values: string[]): Check => (v, at) =>
  (typeof v === 'string' && values.includes(v) ? undefined : `${at} is ${describe(v)}, expected one of ${values.join(', ')}`);
/** Absent or null is fine; anything else must pass `c`. */
export const optional = (c: Check): Check => (v, at) => (v === undefined || v === null ? undefined : c(v, at));

export const arrayOf = (item: Check): Check => (v, at) => {
  if (!Array.isArray(v)) return `${at} is ${describe(v)}, expected an array`;
  for (let i = 0; i < v.length; i++) {
    const e = item(v[i], `${at}[${i}]`);
    if (e) return e;
  }
  return undefined;
};

/** An object with at least these fields; other fields pass unchecked (Space adds fields over time). */
export const object = (fields: Record<string, Check>): Check => (v, at) => {
  if (!isObject(v)) return `${at} is ${describe(v)}, expected an object`;
  for (const [k, c] of Object.entries(fields)) {
    const e = c(v[k], `${at}.${k}`);
    if (e) return e;
  }
  return undefined;
};

/** A page of a paged endpoint (Space HTTP API): `data` must be an array; `next` and `totalCount` are checked by the pager. */
export const pageOf = (item: Check): Check => object({ data: arrayOf(item), next: optional(string) });

export function check(c: Check, value: unknown): string | undefined {
  return c(value, 'body');
}

// What spacectl reads from each kind of entity.
export const APP: Check = object({ id: nonEmptyString, name: string, clientId: optional(string) });
export const CREATED_APP: Check = object({ id: nonEmptyString, name: string, clientId: nonEmptyString });
export const RIGHT: Check = object({ rightCode: (v, at) => (typeof v === 'string' || isObject(v) ? undefined : `${at} is ${describe(v)}, expected a right code`), status: oneOf('NONE', 'REQUESTED', 'GRANTED', 'REJECTED') });
export const CONTEXT: Check = object({ className: string });
export const PROJECT: Check = object({ id: nonEmptyString, key: object({ key: nonEmptyString }), name: string });
export const PROFILE: Check = object({ id: nonEmptyString });
export const SSH_KEY: Check = object({ fingerprint: nonEmptyString, publicKey: string });
export const SECRET_VALUE: Check = optional(string);
export const TOKEN: Check = object({ access_token: nonEmptyString });
