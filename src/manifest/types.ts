// The manifest as written (schema/spacectl.schema.json) and the normalized desired state spacectl works from.
// A key left out of the manifest is not managed: it is neither read, changed nor pruned.

/** As written in spacectl.yaml (after schema validation). */
export interface ManifestDoc {
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
  rights?: { global?: string[]; projects?: Record<string, string[]> };
  endpoint?: { uri?: string; verification?: Verification; sslVerification?: boolean };
  sshKeys?: Array<{ file?: string; key?: string; comment?: string }>;
  secrets?: { clientSecret?: SinkDoc; signingKey?: SinkDoc };
}

export type Verification = 'signing-key' | 'public-key';
export interface SinkDoc { file?: string; envFile?: string; variable?: string }

/** Where a new secret goes; paths are absolute (resolved against the manifest's directory). */
export type Sink = { kind: 'file'; path: string; shown: string } | { kind: 'env'; path: string; shown: string; variable: string };

export interface DesiredKey {
  /** `type base64` (no comment): what Space stores as the key. */
  publicKey: string;
  comment: string;
  sha256: string;
  md5: string;
}

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
  rights?: { global: string[]; projects: Array<{ key: string; rights: string[] }> };
  endpoint?: { uri?: string; verification?: Verification; sslVerification?: boolean };
  sshKeys?: DesiredKey[];
  secrets: { clientSecret?: Sink; signingKey?: Sink };
}

export interface Manifest {
  /** As given on the command line (used in messages). */
  file: string;
  apps: DesiredApp[];
}
