// Loads the JSON companions in <repo>/data once, on first use (keeps startup fast).
// The relative URL works from src/emulator/*.ts (ts-jest) and dist/emulator/*.js alike.
import fs from 'node:fs';

export interface CatalogRight { code: string; name: string; group: string; level: string }
export interface EndpointRights { method: string; path: string; rightCodes: string[] }
// The spec is plain JSON; handled structurally.
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function load(file: string): Json {
  return JSON.parse(fs.readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8'));
}

let spec: Json | undefined;
let catalog: Map<string, CatalogRight> | undefined;
let endpointRights: Map<string, string[]> | undefined;

export function openApi(): Json {
  return (spec ??= load('openapi-applications.json'));
}

export function rightsCatalog(): Map<string, CatalogRight> {
  if (!catalog) {
    catalog = new Map();
    for (const r of (load('rights-catalog.json') as { rights: CatalogRight[] }).rights) catalog.set(r.code, r);
  }
  return catalog;
}

/** `${METHOD} ${specPath}` → right codes (any one suffices). */
export function rightsForOperations(): Map<string, string[]> {
  if (!endpointRights) {
    endpointRights = new Map();
    for (const o of (load('endpoint-rights.json') as { operations: EndpointRights[] }).operations) {
      endpointRights.set(`${o.method} ${o.path}`, o.rightCodes);
    }
  }
  return endpointRights;
}
