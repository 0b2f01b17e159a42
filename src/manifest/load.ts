// Reading a manifest: YAML/JSON parse → JSON Schema (schema/spacectl.schema.json) → semantic checks
// (rights exist, URIs are valid, key files parse). Every problem is reported, each as `file:line:col: path: message`.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { DomainError } from '../domain/errors.js';
import { levenshtein } from '../domain/text.js';
import { validateEndpointUri, validateRedirectUri } from '../domain/redirect-uris.js';
import { isProjectLevel, resolveRight } from '../domain/rights-catalog.js';
import { parsePublicKey } from '../domain/ssh-keys.js';
import { UsageError } from '../errors.js';
import { readBounded, readFailure, readInputFile, readYaml, TooLargeError } from './yaml.js';
import { Locator, formatPath, pointerToPath, type PathSeg } from './locate.js';
import type { AppAuthDoc, AppDoc, DesiredApp, DesiredAuth, DesiredKey, Manifest, ManifestDoc, SecretRef, SecretRefDoc, Sink, SinkDoc } from './types.js';

/** A secret or a public key file: far below this; more is a wrong path (a log, /dev/zero), not read on. */
const MAX_SMALL_FILE = 256 * 1024;

export const SCHEMA_URL = new URL('../../schema/spacectl.schema.json', import.meta.url);

/** An invalid manifest: exit 2, one line per problem. */
export class ManifestError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid manifest (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems.join('\n')}`,
      'The manifest format is described by schema/spacectl.schema.json and in the README ("Declarative provisioning").');
  }
}

const validators = new Map<string, ValidateFunction>();
/** A compiled validator for one of the published schemas (also the approval policy's), compiled once. */
export function schemaValidator(url: URL = SCHEMA_URL): ValidateFunction {
  const known = validators.get(url.href);
  if (known) return known;
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
  // ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose `.default` is the plugin.
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv, f: string[]) => void)(ajv, ['email', 'uri']);
  const validator = ajv.compile(JSON.parse(fs.readFileSync(url, 'utf8')) as object);
  validators.set(url.href, validator);
  return validator;
}

/** Reads, validates and normalizes the manifest. `shownAs` is the path as the user typed it. */
export function loadManifest(file: string, env: NodeJS.ProcessEnv = process.env): Manifest {
  const text = readInputFile(file, '-f');
  return parseManifest(text, file, path.dirname(path.resolve(file)), env);
}

/** Validates manifest text; `baseDir` resolves relative key files, secret sinks and secret references (`env` the others). */
export function parseManifest(text: string, file: string, baseDir: string, env: NodeJS.ProcessEnv = process.env): Manifest {
  const { doc, lines, data } = readYaml(text, file, (problems) => new ManifestError(file, problems));
  const loc = new Locator(file, doc, lines);
  const validate = schemaValidator();
  if (!validate(data)) throw new ManifestError(file, dedupe((validate.errors ?? []).map((e) => schemaProblem(loc, e)).filter(Boolean)));

  const problems: string[] = [];
  const manifest = data as ManifestDoc;
  const version = manifest.version ?? 1;
  const ctx: NormalizeContext = { baseDir, env, version, warnings: [], report: (p, msg, key) => problems.push(`${loc.at(p, key)}: ${formatPath(key === undefined ? p : [...p, key])}: ${msg}`) };
  const apps = normalize(manifest, ctx);
  if (problems.length) throw new ManifestError(file, problems);
  if (version === 1 && apps.some((a) => a.rights)) {
    ctx.warnings.unshift(`${file} is a version 1 manifest: rights.global is read as both the required rights and the rights requested in the global context. \`spacectl app export\` writes version 2 (add \`version: 2\` and list app-wide required rights under rights.required).`);
  }
  return { file, version, apps, warnings: ctx.warnings };
}

interface NormalizeContext {
  baseDir: string;
  env: NodeJS.ProcessEnv;
  version: 1 | 2;
  warnings: string[];
  report: Report;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

/** What a wrong type should have been, with the hint a YAML author needs. */
const TYPE_WORDING: Record<string, string> = {
  boolean: 'must be true or false (YAML 1.2 reads yes/no/on/off as text)',
  array: 'must be a list (one "- item" per line, or [a, b])',
  object: 'must be a map (key: value lines)',
  integer: 'must be a whole number',
  number: 'must be a number',
  string: 'must be text (quote it if it looks like a number or a boolean)',
};

/** One schema error as `file:line:col: path: message` (shared with the approval policy loader). */
export function schemaProblem(loc: Locator, e: ErrorObject): string {
  const p = pointerToPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = allowedKeys(e);
      const near = allowed && closestKey(key, allowed);
      return `${loc.at(p, key)}: ${formatPath([...p, key])}: unknown key${near ? `; did you mean "${near}"?` : ''}${allowed?.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
    }
    case 'required':
      return `${loc.at(p)}: ${formatPath(p)}: missing required key "${String(params.missingProperty)}"`;
    case 'type': {
      const t = String(params.type);
      if (e.schemaPath.startsWith('#/definitions/secretRef/')) {
        return `${loc.at(p)}: ${formatPath(p)}: a secret is never written in the manifest: give { env: VARIABLE } or { file: path }`;
      }
      return `${loc.at(p)}: ${formatPath(p)}: ${TYPE_WORDING[t] ?? `must be of type ${t}`}`;
    }
    case 'enum':
      return `${loc.at(p)}: ${formatPath(p)}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format':
      return `${loc.at(p)}: ${formatPath(p)}: must be a valid ${String(params.format)}`;
    case 'minLength':
    case 'minItems':
      return `${loc.at(p)}: ${formatPath(p)}: must not be empty`;
    case 'propertyNames':
      return `${loc.at(p, String(params.propertyName))}: ${formatPath([...p, String(params.propertyName)])}: not a project key (letters, digits, - and _, starting with a letter)`;
    case 'pattern':
      if (e.propertyName !== undefined) return ''; // reported by the propertyNames error itself
      return `${loc.at(p)}: ${formatPath(p)}: must match ${String(params.pattern)}`;
    default:
      return `${loc.at(p)}: ${formatPath(p)}: ${e.message ?? 'is invalid'}`;
  }
}

function allowedKeys(e: ErrorObject): string[] | undefined {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).filter((k) => k !== '$schema') : undefined;
}

/** The allowed key a typo most likely meant (`rigths` → `rights`, `RedirectURIs` → `redirectUris`), if one is close. */
function closestKey(key: string, allowed: string[]): string | undefined {
  let best: { k: string; d: number } | undefined;
  for (const k of allowed) {
    const d = levenshtein(key.toLowerCase(), k.toLowerCase());
    if (d <= Math.max(1, Math.floor(k.length / 3)) && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

type Report = (path: PathSeg[], message: string, key?: string) => void;

function normalize(doc: ManifestDoc, ctx: NormalizeContext): DesiredApp[] {
  const { report } = ctx;
  // Names that only differ in Unicode normalization look the same everywhere they are shown: one app twice.
  const seen = new Map<string, number>();
  const folded = new Map<string, number>();
  return doc.apps.map((a, i) => {
    const at: PathSeg[] = ['apps', i];
    const key = a.name.normalize('NFC');
    const first = seen.get(key);
    if (first !== undefined) {
      const same = doc.apps[first]!.name === a.name;
      report([...at, 'name'], `${JSON.stringify(a.name)} is already described by apps[${first}]${same ? '' : ' (the same name in another Unicode normalization form)'}; each app may appear once`);
    } else {
      seen.set(key, i);
      const lower = key.toLowerCase();
      const other = folded.get(lower);
      if (other !== undefined) ctx.warnings.push(`apps[${i}] ${JSON.stringify(a.name)} and apps[${other}] ${JSON.stringify(doc.apps[other]!.name)} differ only by case: they are two applications (names are case-sensitive).`);
      else folded.set(lower, i);
    }
    return normalizeApp(a, i, at, ctx);
  });
}

function domain<T>(report: Report, p: PathSeg[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DomainError || e instanceof UsageError) {
      report(p, e.message);
      return undefined;
    }
    throw e;
  }
}

function normalizeApp(a: AppDoc, index: number, at: PathSeg[], ctx: NormalizeContext): DesiredApp {
  const { baseDir, report } = ctx;
  const out: DesiredApp = { name: a.name, index, secrets: {} };
  if (a.description !== undefined) out.description = a.description;
  if (a.email !== undefined) out.email = a.email;
  const fl = a.flows;
  if (fl?.clientCredentials !== undefined) out.clientCredentials = fl.clientCredentials;
  if (fl?.authorizationCode) {
    const c = fl.authorizationCode;
    out.code = { ...c, ...(c.redirectUris ? { redirectUris: uris(c.redirectUris, [...at, 'flows', 'authorizationCode', 'redirectUris'], report) } : {}) };
  }
  if (fl?.implicit) {
    const c = fl.implicit;
    out.implicit = { ...c, ...(c.redirectUris ? { redirectUris: uris(c.redirectUris, [...at, 'flows', 'implicit', 'redirectUris'], report) } : {}) };
  }
  if (a.rights) out.rights = rights(a.rights, [...at, 'rights'], ctx);
  if (a.endpoint) {
    const { appLevelAuth, ...e } = a.endpoint;
    out.endpoint = { ...e };
    if (appLevelAuth) {
      if (ctx.version < 2) report([...at, 'endpoint', 'appLevelAuth'], 'needs `version: 2` at the top of the manifest');
      else out.endpoint.appLevelAuth = appAuth(appLevelAuth, [...at, 'endpoint', 'appLevelAuth'], ctx);
    }
    if (e.uri !== undefined) {
      const uri = domain(report, [...at, 'endpoint', 'uri'], () => validateEndpointUri(e.uri!, { allowHttp: true }));
      if (uri) out.endpoint.uri = uri;
    }
  }
  if (a.sshKeys) out.sshKeys = sshKeys(a.sshKeys, [...at, 'sshKeys'], baseDir, report);
  for (const kind of ['clientSecret', 'signingKey'] as const) {
    const s = a.secrets?.[kind];
    if (s) {
      const sink = normalizeSink(s, [...at, 'secrets', kind], baseDir, report);
      if (sink) out.secrets[kind] = sink;
    }
  }
  if (a.secrets?.signingKey && a.endpoint?.verification !== 'signing-key') {
    report([...at, 'secrets'], 'a signingKey sink needs endpoint.verification: signing-key', 'signingKey');
  }
  return out;
}

function uris(list: string[], at: PathSeg[], report: Report): string[] {
  const out: string[] = [];
  list.forEach((u, i) => {
    const v = domain(report, [...at, i], () => validateRedirectUri(u, { allowHttp: false, flag: 'a loopback host' }));
    if (v === undefined) return;
    if (out.includes(v)) report([...at, i], `"${v}" is listed twice`);
    else out.push(v);
  });
  return out;
}

function rights(r: NonNullable<AppDoc['rights']>, at: PathSeg[], ctx: NormalizeContext): NonNullable<DesiredApp['rights']> {
  const { report } = ctx;
  const codes = (list: string[], p: PathSeg[], project: boolean): string[] => {
    const out: string[] = [];
    list.forEach((input, i) => {
      const right = domain(report, [...p, i], () => resolveRight(input));
      if (!right) return;
      if (project && !isProjectLevel(right)) {
        report([...p, i], `${right.code} is a global right and cannot be requested in a project; list it under rights.global${ctx.version >= 2 ? ' (or rights.required)' : ''}`);
        return;
      }
      if (!out.includes(right.code)) out.push(right.code);
    });
    return out;
  };
  // A key left out (required, global, projects) is not managed: undefined here, so --prune leaves it alone.
  const out: NonNullable<DesiredApp['rights']> = {};
  if (r.projects) {
    const projects: Array<{ key: string; rights: string[] }> = [];
    for (const [k, list] of Object.entries(r.projects)) {
      const key = k.toUpperCase();
      if (projects.some((p) => p.key === key)) report([...at, 'projects'], `project ${key} is listed twice`, k);
      else projects.push({ key, rights: codes(list, [...at, 'projects', k], true) });
    }
    out.projects = projects;
  }
  const global = r.global && codes(r.global, [...at, 'global'], false);
  if (global) out.global = global;
  if (ctx.version < 2) {
    if (r.required) report([...at, 'required'], 'needs `version: 2` at the top of the manifest (in version 1, rights.global also meant the required rights)');
    const wide = (global ?? []).filter((c) => isProjectLevel(resolveRight(c)));
    if (wide.length) {
      ctx.warnings.push(`${formatPath([...at, 'global'])} lists project-level rights (${wide.join(', ')}): they are requested in the global context, i.e. in every project. If they are only required rights, move them to rights.required (version 2).`);
    }
    // Version 1: the global list was both the app-wide required rights and the global requests.
    if (global) out.required = global;
    return out;
  }
  if (r.required) out.required = codes(r.required, [...at, 'required'], false);
  return out;
}

/** A secret reference → its value now (undefined when the variable or file is not there: needed only if a change sends it). */
function secretRef(ref: SecretRefDoc, ctx: NormalizeContext, at: PathSeg[]): SecretRef {
  // An empty (or blank) value is no value: sending it would set an empty token or password, with exit 0.
  const given = (shown: string, value: string | undefined): SecretRef => ({ shown, ...(value?.trim() ? { value } : {}) });
  if (ref.env !== undefined) return given(`$${ref.env}`, ctx.env[ref.env]);
  const file = ref.file!;
  try {
    return given(file, readBounded(path.resolve(ctx.baseDir, file), MAX_SMALL_FILE).replace(/\r?\n$/, ''));
  } catch (e) {
    // Not there is no value (needed only if a change sends it); far too large is a mistake (e.g. /dev/zero).
    if (e instanceof TooLargeError) ctx.report(at, `${file}: ${e.message}, not a secret`);
    return { shown: file };
  }
}

function appAuth(a: AppAuthDoc, at: PathSeg[], ctx: NormalizeContext): DesiredAuth | undefined {
  if ('bearer' in a) return { kind: 'bearer', token: secretRef(a.bearer.token, ctx, [...at, 'bearer', 'token']) };
  if (!a.basic.username.trim()) {
    ctx.report([...at, 'basic', 'username'], 'must not be blank');
    return undefined;
  }
  return { kind: 'basic', username: a.basic.username, password: secretRef(a.basic.password, ctx, [...at, 'basic', 'password']) };
}

function sshKeys(list: NonNullable<AppDoc['sshKeys']>, at: PathSeg[], baseDir: string, report: Report): DesiredKey[] {
  const out: DesiredKey[] = [];
  list.forEach((k, i) => {
    const p = [...at, i];
    if ((k.file === undefined) === (k.key === undefined)) {
      report(p, 'give exactly one of "file" (a .pub file) or "key" (the public key line)');
      return;
    }
    let text = k.key;
    let source = `${formatPath(p)}.key`;
    const file = k.file !== undefined;
    if (k.file !== undefined) {
      source = k.file;
      try {
        text = readBounded(path.resolve(baseDir, k.file), MAX_SMALL_FILE);
      } catch (e) {
        report([...p, 'file'], `cannot read ${k.file}: ${readFailure(e)}`);
        return;
      }
    }
    const parsed = domain(report, [...p, k.file !== undefined ? 'file' : 'key'], () => parsePublicKey(text!, { source, file }));
    if (!parsed) return;
    if (out.some((o) => o.sha256 === parsed.sha256)) {
      report(p, `the key ${parsed.sha256} is listed twice`);
      return;
    }
    out.push({
      publicKey: `${parsed.type} ${parsed.blobBase64}`,
      comment: k.comment ?? parsed.comment ?? (k.file !== undefined ? path.basename(k.file) : 'added by spacectl'),
      sha256: parsed.sha256,
      md5: parsed.md5,
    });
  });
  return out;
}

function normalizeSink(s: SinkDoc, at: PathSeg[], baseDir: string, report: Report): Sink | undefined {
  if (s.file !== undefined && s.envFile === undefined && s.variable === undefined) {
    return { kind: 'file', path: path.resolve(baseDir, s.file), shown: s.file };
  }
  if (s.file === undefined && s.envFile !== undefined && s.variable !== undefined) {
    return { kind: 'env', path: path.resolve(baseDir, s.envFile), shown: `${s.envFile} (${s.variable})`, variable: s.variable };
  }
  report(at, 'give either { file: <path> } or { envFile: <path>, variable: <NAME> }');
  return undefined;
}
