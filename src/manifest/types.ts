// The manifest as written (schema/spacectl.schema.json) and the normalized desired state spacectl works from.
// A key left out of the manifest is not managed: it is neither read, changed nor pruned.

import type { Verification } from '../services/endpoint/settings.js';
import type { WantedKey } from '../services/ssh-keys/plan.js';

export type { Verification } from '../services/endpoint/settings.js';

/**
 * The format version `app export` writes. Version 2 says which rights are required (app-wide) apart from the
 * rights requested in each context; version 1 (no `version:`) had only `rights.global`, read as both.
 */
export const MANIFEST_VERSION = 2;

/** As written in spacectl.yaml (after schema validation). */
export interface ManifestDoc {
  version?: 1 | 2;
  apps: AppDoc[];
}

export interface AppDoc {
  name: string;
  description?: string;
  email?: string;
  flows?: {
    clientCredentials?: boolean;
    authorizationCode?: { enabled?: boolean; redirectUris?: string[]; pkce?: boolean };
    implicit?: { enabled?: boolean; redirectUris?: string[] };
  };
  rights?: { required?: string[]; global?: string[]; projects?: Record<string, string[]> };
  endpoint?: { uri?: string; verification?: Verification; sslVerification?: boolean; appLevelAuth?: AppAuthDoc };
  sshKeys?: Array<{ file?: string; key?: string; comment?: string }>;
  secrets?: { clientSecret?: SinkDoc; signingKey?: SinkDoc };
}

/** A secret is never written inline: it is read from an environment variable or a file (relative to the manifest). */
export type SecretRefDoc = { env: string; file?: never } | { file: string; env?: never };
export type AppAuthDoc = { bearer: { token: SecretRefDoc } } | { basic: { username: string; password: SecretRefDoc } };

/** A secret reference, resolved when the manifest is read: `value` is undefined when the variable or file is not there. */
export interface SecretRef { shown: string; value?: string }
export type DesiredAuth = { kind: 'bearer'; token: SecretRef } | { kind: 'basic'; username: string; password: SecretRef };

export interface SinkDoc { file?: string; envFile?: string; variable?: string }

/** Where a new secret goes; paths are absolute (resolved against the manifest's directory). */
export type Sink = { kind: 'file'; path: string; shown: string } | { kind: 'env'; path: string; shown: string; variable: string };

export type DesiredKey = WantedKey;

/** One app of the manifest, validated and normalized (right names → codes, files read, paths resolved). */
export interface DesiredApp {
  name: string;
  /** Position in `apps`, for messages. */
  index: number;
  description?: string;
  email?: string;
  clientCredentials?: boolean;
  code?: { enabled?: boolean; redirectUris?: string[]; pkce?: boolean };
  implicit?: { enabled?: boolean; redirectUris?: string[] };
  /**
   * required: the app-wide list; global / projects: requested or granted in that context. Each is undefined
   * when the manifest leaves it out: not managed, so never pruned.
   */
  rights?: { required?: string[]; global?: string[]; projects?: Array<{ key: string; rights: string[] }> };
  endpoint?: { uri?: string; verification?: Verification; sslVerification?: boolean; appLevelAuth?: DesiredAuth };
  sshKeys?: DesiredKey[];
  secrets: { clientSecret?: Sink; signingKey?: Sink };
}

export interface Manifest {
  /** As given on the command line (used in messages). */
  file: string;
  version: 1 | 2;
  apps: DesiredApp[];
  /** Things worth saying before a plan (an old format, a risky reading). */
  warnings: string[];
}
