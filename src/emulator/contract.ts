// Contract layer: every Space API request is matched against Space's own OpenAPI document and its
// path parameters, query parameter names/values and JSON body are validated before any handler runs,
// so every test against the emulator is also a contract test of the client.
import { Ajv } from 'ajv';
import type { ValidateFunction, ErrorObject } from 'ajv';
import { openApi, rightsForOperations, type Json } from './data.js';
import { ApiError, validation, notFound } from './errors.js';
import type { FieldTree } from './fields.js';

export interface Operation {
  method: string;
  /** Path template as in the spec, e.g. `/applications/{application}`. */
  path: string;
  pathParams: string[];
  query: Map<string, Json>; // name → parameter schema
  requiredQuery: string[];
  body?: { schema: Json; required: boolean };
  /** 200 response schema (raw spec), used to check `$fields` names. */
  response?: Json;
  rightCodes: string[];
  validateBody?: ValidateFunction; // compiled lazily, once
}

interface Template { path: string; segments: string[]; score: string; ops: Map<string, Operation> }

export interface Match { op: Operation; params: Record<string, string> }

let templates: Template[] | undefined;

function build(): Template[] {
  const spec = openApi();
  const rights = rightsForOperations();
  const out: Template[] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    const segments = path.split('/').slice(1);
    // Literal segments win over placeholders, leftmost first (`/applications/paged` beats `{application}`).
    const score = segments.map((s) => (s.startsWith('{') ? '0' : '1')).join('');
    const ops = new Map<string, Operation>();
    for (const [m, o] of Object.entries(item as Record<string, Json>)) {
      if (!o || typeof o !== 'object' || !o.responses) continue;
      const method = m.toUpperCase();
      const params: Json[] = o.parameters ?? [];
      const query = new Map<string, Json>();
      for (const p of params) if (p.in === 'query') query.set(p.name, p.schema ?? {});
      const bodySchema = o.requestBody?.content?.['application/json']?.schema;
      ops.set(method, {
        method,
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name as string),
        query,
        requiredQuery: params.filter((p) => p.in === 'query' && p.required).map((p) => p.name as string),
        body: bodySchema ? { schema: bodySchema, required: !!o.requestBody.required } : undefined,
        response: o.responses?.['200']?.content?.['application/json']?.schema,
        rightCodes: rights.get(`${method} ${path}`) ?? [],
      });
    }
    out.push({ path, segments, score, ops });
  }
  out.sort((a, b) => (a.score < b.score ? 1 : a.score > b.score ? -1 : 0));
  return out;
}

/** Every operation (for tests and route-table checks). */
export function allOperations(): Operation[] {
  templates ??= build();
  return templates.flatMap((t) => [...t.ops.values()]);
}

/**
 * Finds the operation for `method` + the path below `/api/http` (still percent-encoded).
 * Unknown path → 404 not-found; known path, unknown method → 405 (error code request-error).
 */
export function matchOperation(method: string, rawSubPath: string): Match {
  templates ??= build();
  const raw = rawSubPath.split('/').slice(1);
  let segs: string[];
  try {
    segs = raw.map((s) => decodeURIComponent(s));
  } catch {
    throw validation(`Malformed percent-encoding in path '${rawSubPath}'`);
  }
  let pathMatched: Template | undefined;
  for (const t of templates) {
    if (t.segments.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segs.length; i++) {
      const ts = t.segments[i]!;
      const s = segs[i]!;
      if (ts.startsWith('{')) {
        if (s === '') { ok = false; break; }
        params[ts.slice(1, -1)] = s;
      } else if (ts !== s) { ok = false; break; }
    }
    if (!ok) continue;
    pathMatched ??= t;
    const op = t.ops.get(method);
    if (op) return { op, params };
  }
  if (pathMatched) {
    const allow = [...pathMatched.ops.keys()].join(', ');
    throw new ApiError('request-error', `Method ${method} is not supported for ${pathMatched.path}; allowed: ${allow}`, 405, { Allow: allow });
  }
  throw notFound(`No Space API endpoint matches ${method} /api/http${rawSubPath}`);
}

// ---------------------------------------------------------------- identifiers (Space HTTP API)

const IDENT_PATTERNS: Record<string, RegExp> = {
  application: /^(me|id:.+|clientId:.+)$/s,
  project: /^(id:.+|key:.+)$/s,
  profile: /^(me|id:.+|username:.+|externalId:.+)$/s,
};
export const CONTEXT_PATTERN = /^(global|project:(key|id):.+|channel:.+)$/s;
const IDENT_FORMS: Record<string, string> = {
  application: "'me', 'id:<id>' or 'clientId:<clientId>'",
  project: "'id:<id>' or 'key:<KEY>'",
  profile: "'me', 'id:<id>', 'username:<name>' or 'externalId:<id>'",
  contextIdentifier: "'global', 'project:key:<KEY>', 'project:id:<id>' or 'channel:<channel>'",
};

export function checkPathParams(op: Operation, params: Record<string, string>): void {
  for (const name of op.pathParams) {
    const v = params[name] ?? '';
    const re = IDENT_PATTERNS[name];
    if (re && !re.test(v)) {
      throw validation(`Path parameter '${name}' has invalid value '${v}': expected ${IDENT_FORMS[name]}`);
    }
  }
}

// ---------------------------------------------------------------- query parameters

export type Query = Record<string, string | string[]>;

export function checkQuery(op: Operation, query: Query): void {
  for (const [name, value] of Object.entries(query)) {
    const schema = op.query.get(name);
    if (!schema) {
      const known = [...op.query.keys()];
      throw validation(`Unknown query parameter '${name}' for ${op.method} ${op.path}` + (known.length ? `; allowed: ${known.join(', ')}` : '; it takes no query parameters'));
    }
    const s = resolve(schema);
    if (Array.isArray(value) && s.type !== 'array') throw validation(`Query parameter '${name}' must be given once`);
    const values = Array.isArray(value) ? value : [value];
    const item = s.type === 'array' ? resolve(s.items ?? {}) : s;
    for (const v of values) checkScalar(name, v, item);
  }
  for (const name of op.requiredQuery) {
    if (query[name] === undefined) throw validation(`Missing required query parameter '${name}'`);
  }
  const ctx = query.contextIdentifier;
  if (typeof ctx === 'string' && !CONTEXT_PATTERN.test(ctx)) {
    throw validation(`Query parameter 'contextIdentifier' has invalid value '${ctx}': expected ${IDENT_FORMS.contextIdentifier}`);
  }
}

function checkScalar(name: string, v: string, s: Json): void {
  if (s.type === 'integer' && !/^-?\d+$/.test(v)) throw validation(`Query parameter '${name}' must be an integer, got '${v}'`);
  if (s.type === 'boolean' && v !== 'true' && v !== 'false') throw validation(`Query parameter '${name}' must be true or false, got '${v}'`);
  if (Array.isArray(s.enum) && !s.enum.includes(v)) throw validation(`Query parameter '${name}' must be one of ${s.enum.join(', ')}, got '${v}'`);
}

function resolve(s: Json): Json {
  let cur = s;
  while (cur && cur.$ref) cur = schemaByRef(cur.$ref);
  return cur ?? {};
}

function schemaByRef(ref: string): Json {
  const name = ref.replace('#/components/schemas/', '');
  return openApi().components.schemas[name];
}

// ---------------------------------------------------------------- request bodies

let ajv: Ajv | undefined;

function getAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i);
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  }
  return ajv;
}

/**
 * OpenAPI 3.0 → JSON Schema for ajv: inline $refs, honour `nullable`, close every object
 * (additionalProperties:false), turn `className` unions into if/then chains, and model every
 * `*Identifier` type as the compact string clients really send (Space HTTP API).
 */
export function toJsonSchema(s: Json, seen: Set<string> = new Set()): Json {
  if (!s || typeof s !== 'object') return {};
  const nullable = s.nullable === true;
  let out: Json;
  if (s.$ref) {
    const name = String(s.$ref).replace('#/components/schemas/', '');
    if (name === 'PermissionContextIdentifier') {
      out = { type: 'string', minLength: 1, pattern: CONTEXT_PATTERN.source };
    } else if (name.endsWith('Identifier')) {
      out = { type: 'string', minLength: 1 };
    } else if (seen.has(name)) {
      out = {}; // recursion guard; request bodies are shallow
    } else {
      out = toJsonSchema(schemaByRef(s.$ref), new Set(seen).add(name));
    }
    // if/else rather than anyOf, so the first reported error is the real one (not "must be null").
    return nullable ? { if: { type: 'null' }, else: out } : out;
  }
  if (Array.isArray(s.anyOf) && s.discriminator?.propertyName) {
    out = polymorphic(s, seen);
  } else if (s.type === 'array') {
    out = { type: 'array', items: toJsonSchema(s.items ?? {}, seen) };
  } else if (s.type === 'object' || s.properties) {
    const props: Record<string, Json> = {};
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Json>)) props[k] = toJsonSchema(v, seen);
    out = { type: 'object', properties: props, additionalProperties: s.additionalProperties && typeof s.additionalProperties === 'object' ? toJsonSchema(s.additionalProperties, seen) : false };
    if (Array.isArray(s.required) && s.required.length) out.required = s.required;
  } else {
    out = {};
    for (const k of ['type', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern']) if (k in s) out[k] = s[k];
    if (s.format === 'date-time' || s.format === 'date') out.format = s.format;
    if (s.format === 'full-date') out.format = 'date';
  }
  if (nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

function polymorphic(s: Json, seen: Set<string>): Json {
  const prop: string = s.discriminator.propertyName;
  const names: string[] = s.anyOf.map((v: Json) => String(v.$ref).replace('#/components/schemas/', ''));
  return {
    type: 'object',
    required: [prop],
    properties: { [prop]: { enum: names } },
    allOf: names.map((n) => {
      const variant = toJsonSchema(schemaByRef(`#/components/schemas/${n}`), new Set(seen).add(n));
      variant.properties = { [prop]: { const: n }, ...(variant.properties ?? {}) };
      variant.type = 'object';
      variant.additionalProperties = false;
      return { if: { properties: { [prop]: { const: n } }, required: [prop] }, then: variant };
    }),
  };
}

export function checkBody(op: Operation, body: unknown, hasBody: boolean): void {
  if (!op.body) {
    // Regenerate calls take no body; 2024 SDKs send `{}` (Space HTTP API), so `{}` is accepted.
    if (hasBody && !(body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)) {
      throw validation(`${op.method} ${op.path} takes no request body`);
    }
    return;
  }
  if (!hasBody) {
    if (op.body.required) throw validation(`Request body is required for ${op.method} ${op.path}`);
    return;
  }
  op.validateBody ??= getAjv().compile(toJsonSchema(op.body.schema));
  if (!op.validateBody(body)) throw validation(describeAjvError(op.validateBody.errors?.[0]));
}

function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || 'request body';
}

function describeAjvError(e: ErrorObject | undefined): string {
  if (!e) return 'Invalid request body';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `Missing required field '${fieldPath(e.instancePath, String(p.missingProperty))}'`;
    case 'additionalProperties':
      return `Unknown field '${fieldPath(e.instancePath, String(p.additionalProperty))}' in request body`;
    case 'type': {
      const t = Array.isArray(p.type) ? (p.type as string[]).join(' or ') : String(p.type);
      return `Field '${fieldPath(e.instancePath)}' must be ${t}`;
    }
    case 'enum':
      return `Field '${fieldPath(e.instancePath)}' must be one of: ${(p.allowedValues as unknown[]).filter((x) => x !== null).join(', ')}`;
    case 'const':
      return `Field '${fieldPath(e.instancePath)}' must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `Field '${fieldPath(e.instancePath)}' has an invalid value` + (e.instancePath.endsWith('contextIdentifier') ? `: expected ${IDENT_FORMS.contextIdentifier}` : '');
    case 'minLength':
      return `Field '${fieldPath(e.instancePath)}' must not be empty`;
    case 'format':
      return `Field '${fieldPath(e.instancePath)}' must be a ${String(p.format)} value`;
    default:
      return `Field '${fieldPath(e.instancePath)}' is invalid: ${e.message ?? e.keyword}`;
  }
}

// ---------------------------------------------------------------- $fields names

/** Rejects `$fields` names the operation's response type does not have (catches typos such as `endpointUri`). */
export function checkFields(op: Operation, tree: FieldTree): void {
  if (op.response) walkFields(tree, op.response, '', 0);
}

function walkFields(tree: FieldTree, schema: Json, prefix: string, depth: number): void {
  const s = resolve(schema);
  if (s.type === 'array') return walkFields(tree, s.items ?? {}, prefix, depth);
  const props = new Map<string, Json>();
  const collect = (x: Json): void => {
    const r = resolve(x);
    for (const [k, v] of Object.entries((r.properties ?? {}) as Record<string, Json>)) props.set(k, v);
    if (Array.isArray(r.anyOf)) for (const v of r.anyOf) collect(v);
  };
  collect(s);
  const open = s.additionalProperties !== undefined && s.additionalProperties !== false;
  if (props.size === 0 && !open) {
    throw validation(`$fields selects sub-fields of '${prefix || 'the response'}', which has none`);
  }
  for (const [name, sub] of tree) {
    if (name === '*' || open) continue;
    const p = props.get(name);
    if (!p) throw validation(`Unknown field '${prefix ? `${prefix}.` : ''}${name}' in $fields`);
    if (sub && depth < 12) walkFields(sub, p, prefix ? `${prefix}.${name}` : name, depth + 1);
  }
}
