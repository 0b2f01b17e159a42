// What a program spacectl starts (the browser of `auth login`, the keyring helper) inherits: the user's
// environment without the credentials spacectl itself reads from it. A browser keeps its environment for as
// long as it runs, and passes it on to everything it starts.
type Env = Record<string, string | undefined>;

/** The credential variables of src/config/resolve.ts (and Space Automation's job token). */
export const CREDENTIAL_VARS = ['SPACE_TOKEN', 'SPACE_CLIENT_SECRET', 'JB_SPACE_CLIENT_SECRET', 'JB_SPACE_CLIENT_TOKEN'] as const;

export function withoutCredentials(env: Env): Env {
  const out = { ...env };
  for (const v of CREDENTIAL_VARS) delete out[v];
  return out;
}
