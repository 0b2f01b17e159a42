import { parseManifest } from '../../src/manifest/load.js';
import { appInSync, diffApp, hasWork } from '../../src/manifest/diff.js';
import type { LiveApp } from '../../src/manifest/live.js';
import type { App, Right, SshKeyData } from '../../src/api/types.js';
import { changeLine, planJson } from '../../src/manifest/render.js';
import { exportApp } from '../../src/manifest/export.js';
import { upsertEnvLine } from '../../src/services/secrets/files.js';
import type { ApiOp } from '../../src/services/ops.js';

const ED = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDSTUC4gPGU4coYL6Xw2EYJ2AOyRhyhGH2vf9mnymVUW';
const ED_SHA = 'SHA256:lR99JF/aC5iIQ5YUAzsBLoUJ0Rr3L8xL5htMuZ1SfBg';

const desired = (yaml: string, version = 2, env: NodeJS.ProcessEnv = {}) => parseManifest(`version: ${version}\napps:\n  - name: bot\n${yaml}`, 'm.yaml', '/tmp', env).apps[0]!;
/** The operations of one kind, without the `op` tag. */
const opsOf = <K extends ApiOp['op']>(p: { ops: ApiOp[] }, kind: K) =>
  p.ops.filter((o): o is Extract<ApiOp, { op: K }> => o.op === kind).map(({ op: _op, ...rest }) => rest);

function live(o: { app?: Partial<App>; required?: string[]; contexts?: Record<string, Array<Partial<Right> & { code: string }>>; keys?: SshKeyData[]; projects?: string[] } = {}): LiveApp {
  const right = (r: Partial<Right> & { code: string }): Right => ({ status: 'GRANTED', editable: true, ...r });
  return {
    app: { id: 'A1', clientId: 'c', name: 'bot', clientCredentialsFlowEnabled: true, codeFlowEnabled: false, ...o.app } as App,
    id: 'id:A1',
    requiredRights: (o.required ?? []).map((code) => right({ code, status: 'NONE' })),
    contexts: new Map(Object.entries(o.contexts ?? {}).map(([k, v]) => [k, v.map(right)])),
    authorizedProjects: o.projects,
    sshKeys: o.keys,
  };
}

describe('diffApp', () => {
  test('no live app: one create body with flows and endpoint, then rights and keys', () => {
    const d = desired(`    description: d\n    flows:\n      authorizationCode: { enabled: true, redirectUris: [https://a.example.com/cb], pkce: true }\n    endpoint: { uri: https://a.example.com/space, verification: public-key }\n    rights:\n      required: [Team.View, Project.View]\n      global: [Team.View]\n      projects: { BACKEND: [Project.View] }\n    sshKeys:\n      - key: "${ED} me"\n`);
    const p = diffApp(d, undefined);
    expect(p.action).toBe('create');
    expect(p.ops.map((o) => o.op)).toEqual(['create-app', 'update-required-rights', 'request-rights', 'request-rights', 'add-ssh-key']);
    expect(opsOf(p, 'create-app')).toEqual([{ body: {
      name: 'bot', description: 'd', codeFlowEnabled: true, codeFlowRedirectURIs: 'https://a.example.com/cb', pkceRequired: true,
      endpointUri: 'https://a.example.com/space', appLevelAuth: { className: 'EndpointAuthCreate.PublicKeySignature' }, hasPublicKeySignature: true,
    } }]);
    expect(opsOf(p, 'update-required-rights')).toEqual([{ add: ['Team.View', 'Project.View'], remove: [] }]);
    expect(opsOf(p, 'request-rights')).toEqual([{ context: { kind: 'global' }, codes: ['Team.View'] }, { context: { kind: 'project', key: 'BACKEND' }, codes: ['Project.View'] }]);
    expect(opsOf(p, 'add-ssh-key').map((k) => [k.publicKey, k.comment])).toEqual([[ED, 'me']]);
  });

  test('a bare create (name only) is still work, and not in sync', () => {
    const p = diffApp(desired(''), undefined);
    expect(p.changes).toEqual([]);
    expect(hasWork(p)).toBe(true);
    expect(appInSync(p)).toBe(false);
  });

  test('redirect URIs: additions appended; extras kept without --prune, removed with it; order alone is no change', () => {
    const d = desired('    flows:\n      authorizationCode: { redirectUris: [https://b.example.com/cb, https://a.example.com/cb] }\n');
    const l = live({ app: { codeFlowRedirectURIs: 'https://a.example.com/cb\nhttps://old.example.com/cb' } });
    const keep = diffApp(d, l);
    expect(opsOf(keep, 'update-app')).toEqual([{ body: { codeFlowRedirectURIs: 'https://a.example.com/cb\nhttps://old.example.com/cb\nhttps://b.example.com/cb' } }]);
    expect(keep.changes).toEqual([{ path: 'flows.authorizationCode.redirectUris', op: 'add', to: 'https://b.example.com/cb' }]);
    expect(changeLine(keep.changes[0]!)).toBe('~ flows.authorizationCode.redirectUris: + https://b.example.com/cb');
    const prune = diffApp(d, l, { prune: true });
    expect(opsOf(prune, 'update-app')).toEqual([{ body: { codeFlowRedirectURIs: 'https://b.example.com/cb\nhttps://a.example.com/cb' } }]);
    expect(prune.changes.map((c) => c.op)).toEqual(['add', 'remove']);
    const reordered = diffApp(d, live({ app: { codeFlowRedirectURIs: 'https://a.example.com/cb\nhttps://b.example.com/cb' } }), { prune: true });
    expect(reordered.action).toBe('none');
  });

  test('email cannot change: a note, not a change; unset pkce / ssl verification compare as Space defaults', () => {
    const d = desired('    email: new@example.com\n    flows:\n      authorizationCode: { pkce: false }\n    endpoint: { sslVerification: true }\n');
    const p = diffApp(d, live({ app: { email: 'old@example.com', pkceRequired: null, endpointSslVerification: null } }));
    expect(p.action).toBe('none');
    expect(p.notes[0]).toMatch(/email is "old@example.com" in Space, "new@example.com" wanted/);
  });

  test('endpoint verification: exactly the chosen one on (the old one off), the PATCH enum follows a signature method', () => {
    const pk = { settings: { endpointAuth: { appLevelAuth: { className: 'EndpointAuthRead.PublicKeySignature' } } }, hasPublicKeySignature: true };
    const p = diffApp(desired('    endpoint: { verification: signing-key }\n'), live({ app: pk }));
    expect(opsOf(p, 'update-app')).toEqual([{ body: { hasSigningKey: true, hasPublicKeySignature: false, appLevelAuth: 'SigningKey' } }]);
    expect(p.changes).toEqual([{ path: 'endpoint.verification', op: 'change', from: 'public-key', to: 'signing-key' }]);
    const token = diffApp(desired('    endpoint: { verification: signing-key }\n'), live({ app: { hasVerificationToken: true } }));
    expect(opsOf(token, 'update-app')).toEqual([{ body: { hasSigningKey: true, hasVerificationToken: false, appLevelAuth: 'SigningKey' } }]);
  });

  test('printed operations never hold a secret', () => {
    const p = diffApp(desired('    endpoint:\n      appLevelAuth: { basic: { username: u, password: { env: PW } } }\n', 2, { PW: 'SECRET-PW' }), live());
    expect(planJson([p]).apps[0]!.operations).toEqual(['PATCH applications/id:A1 {"basicAuthUsername":"u","basicAuthPassword":"<secret>","appLevelAuth":"Basic"}']);
    expect(JSON.stringify(planJson([p]))).not.toContain('SECRET-PW');
  });

  test('Bearer app-level auth is kept when the verification is already right: in sync', () => {
    const bearer = { settings: { endpointAuth: { appLevelAuth: { className: 'EndpointAuthRead.Bearer' } } }, hasBearerToken: true, hasSigningKey: true };
    expect(diffApp(desired('    endpoint: { verification: signing-key }\n'), live({ app: bearer })).action).toBe('none');
  });

  test('rights: REQUESTED is pending (in sync), REJECTED is requested again, a required right is added app-wide only', () => {
    const d = desired('    rights:\n      required: [Team.View, Profile.View]\n      global: [Team.View, Profile.View]\n      projects: { BACKEND: [Project.View, Project.Issues.View] }\n');
    const p = diffApp(d, live({
      required: ['Team.View'],
      contexts: { global: [{ code: 'Team.View', status: 'REQUESTED' }, { code: 'Profile.View' }], 'project:key:BACKEND': [{ code: 'Project.View', status: 'REJECTED' }, { code: 'Project.Issues.View', status: 'REQUESTED' }] },
    }));
    expect(p.pending).toEqual([{ context: 'global', right: 'Team.View' }, { context: 'project:key:BACKEND', right: 'Project.Issues.View' }]);
    expect(opsOf(p, 'update-required-rights')).toEqual([{ add: ['Profile.View'], remove: [] }]);
    expect(opsOf(p, 'request-rights')).toEqual([{ context: { kind: 'project', key: 'BACKEND' }, codes: ['Project.View'] }]);
    expect(p.changes.map(changeLine)).toEqual([
      '+ required right Profile.View (app-wide)',
      '~ right Project.View in project BACKEND (rejected before; will be requested again)',
    ]);
  });

  test('--prune: editable extras withdrawn, non-editable ones blocked, unlisted projects removed', () => {
    const d = desired('    rights:\n      required: []\n      global: []\n      projects: { BACKEND: [] }\n');
    const p = diffApp(d, live({
      required: ['Team.View'],
      contexts: { global: [{ code: 'Team.View' }], 'project:key:BACKEND': [{ code: 'Project.View', status: 'REQUESTED', editable: false }], 'project:key:WEB': [{ code: 'Project.View' }] },
      projects: ['BACKEND', 'WEB'],
    }), { prune: true });
    expect(opsOf(p, 'update-required-rights')).toEqual([{ add: [], remove: ['Team.View'] }]);
    expect(opsOf(p, 'set-rights')).toEqual([{ context: { kind: 'global' }, updates: [{ code: 'Team.View', status: 'NONE' }] }]);
    expect(opsOf(p, 'remove-authorization')).toEqual([{ context: { kind: 'project', key: 'WEB' } }]);
    expect(p.changes.filter((c) => c.blocked)).toEqual([expect.objectContaining({ path: 'rights.projects.BACKEND', from: 'Project.View' })]);
    expect(hasWork(p)).toBe(true);
    expect(planJson([p]).inSync).toBe(false);
    // The exact requests, printable (what a dry run shows).
    expect(planJson([p]).apps[0]!.operations).toEqual([
      'PATCH applications/id:A1/authorizations/required-rights {"rightCodesToAdd":[],"rightCodesToRemove":["Team.View"],"requestRightsInAuthorizedContexts":false}',
      'PATCH applications/id:A1/authorizations/authorized-rights {"contextIdentifier":"global","updates":[{"rightCode":"Team.View","status":"NONE"}]}',
      'DELETE applications/id:A1/authorizations/authorized-rights?contextIdentifier=project:key:WEB',
    ]);
  });

  test('SSH keys: matched by fingerprint; a comment difference is a note; --prune deletes unlisted keys by the fingerprint Space gave', () => {
    const d = desired(`    sshKeys:\n      - key: "${ED}"\n        comment: mine\n`);
    const keys: SshKeyData[] = [
      { fingerprint: 'aa:bb', sha256fingerprint: null, publicKey: `${ED} x`, comment: 'theirs' },
      { fingerprint: '11:22', sha256fingerprint: 'SHA256:other', publicKey: 'garbage', comment: 'old' },
    ];
    const p = diffApp(d, live({ keys }), { prune: true });
    expect(p.notes[0]).toMatch(new RegExp(`SSH key ${ED_SHA.replace(/[+/]/g, '\\$&')} has the comment "theirs"`));
    expect(opsOf(p, 'add-ssh-key')).toEqual([]);
    expect(opsOf(p, 'delete-ssh-key')).toEqual([{ fingerprint: '11:22', label: 'SHA256:other' }]);
  });

  test('unmanaged keys (absent from the manifest) are never read into changes', () => {
    const p = diffApp(desired(''), live({ app: { description: 'anything', codeFlowRedirectURIs: 'https://x.example.com/cb' } }), { prune: true });
    expect(p.action).toBe('none');
  });
});

describe('export', () => {
  test('rights sorted, each in the context it is held in (required apart); no secrets; stable key order', () => {
    const doc = exportApp(live({
      app: { description: 'd', codeFlowRedirectURIs: 'https://z.example.com/cb\nhttps://a.example.com/cb', endpointURI: 'https://e.example.com', endpointSslVerification: null, hasSigningKey: true },
      required: ['Team.View'],
      contexts: { global: [{ code: 'Profile.View', status: 'REQUESTED' }, { code: 'Chat.ReadMessages', status: 'REJECTED' }], 'project:key:BACKEND': [{ code: 'Project.View' }] },
      projects: ['BACKEND'],
      keys: [{ fingerprint: 'aa', publicKey: `${ED} host`, comment: 'c' }],
    }));
    expect(Object.keys(doc)).toEqual(['name', 'description', 'flows', 'rights', 'endpoint', 'sshKeys']);
    expect(doc.rights).toEqual({ required: ['Team.View'], global: ['Profile.View'], projects: { BACKEND: ['Project.View'] } });
    expect(doc.flows?.authorizationCode?.redirectUris).toEqual(['https://z.example.com/cb', 'https://a.example.com/cb']);
    expect(doc.endpoint).toEqual({ uri: 'https://e.example.com', verification: 'signing-key', sslVerification: true });
    expect(doc.sshKeys).toEqual([{ key: ED, comment: 'c' }]);
  });
});

describe('export of the endpoint', () => {
  const authed = (cls: string, o: Partial<App> = {}) => live({ app: { endpointURI: 'https://e.example.com', settings: { endpointAuth: { appLevelAuth: { className: `EndpointAuthRead.${cls}` } } }, ...o } });
  test('app-level auth as a reference named after the app, with a warning; verification kept beside it', () => {
    const warnings: string[] = [];
    const doc = exportApp(authed('Bearer', { name: 'rt-bot', hasBearerToken: true, hasSigningKey: true }), (m) => warnings.push(m));
    expect(doc.endpoint).toEqual({ uri: 'https://e.example.com', verification: 'signing-key', sslVerification: true, appLevelAuth: { bearer: { token: { env: 'RT_BOT_BEARER_TOKEN' } } } });
    expect(warnings).toEqual([expect.stringMatching(/bearer token is not exported.*\$RT_BOT_BEARER_TOKEN/)]);
  });
  test('basic: the user from ES_App or EndpointAuthRead.Basic; without one the auth is left out, said', () => {
    expect(exportApp(authed('Basic', { basicAuthUsername: null, settings: { endpointAuth: { appLevelAuth: { className: 'EndpointAuthRead.Basic', username: 'space' } } } })).endpoint?.appLevelAuth)
      .toEqual({ basic: { username: 'space', password: { env: 'BOT_BASIC_PASSWORD' } } });
    const warnings: string[] = [];
    expect(exportApp(authed('Basic'), (m) => warnings.push(m)).endpoint?.appLevelAuth).toBeUndefined();
    expect(warnings[0]).toMatch(/did not return its user name/);
  });
  test('a SigningKey enum left behind is not an app-level auth, and the verification token is exported', () => {
    expect(exportApp(authed('SigningKey', { hasVerificationToken: true })).endpoint).toEqual({ uri: 'https://e.example.com', verification: 'verification-token', sslVerification: true });
  });
});

describe('env file sink', () => {
  test('replaces the variable line (also `export NAME=`), keeps others, appends when absent, quotes odd values', () => {
    expect(upsertEnvLine('A=1\nexport S=old\nB=2\n', 'S', 'new')).toBe('A=1\nS=new\nB=2\n');
    expect(upsertEnvLine('', 'S', 'v')).toBe('S=v\n');
    expect(upsertEnvLine('A=1', 'S', "it's x")).toBe("A=1\nS='it'\\''s x'\n");
  });
});
