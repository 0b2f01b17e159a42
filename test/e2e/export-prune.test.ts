// An export is exactly the live state, so `plan --prune` of a fresh export is in sync, also for an app whose
// request in a project was rejected (the project is authorized, holds nothing, and the export leaves it out).
// Applied to another server it requests only what was requested or granted, never the rejected right.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS, writesSince } from '../helpers/emulator.js';
import { hostileServer } from '../helpers/hostile.js';

let a: Emulator;
let b: Emulator;
beforeAll(async () => { [a, b] = await Promise.all([startTestEmulator(), startTestEmulator()]); });
afterAll(async () => { await Promise.all([a.close(), b.close()]); });

const run = async (argv: string[], env: Record<string, string | undefined>, codes = [0]) => {
  const r = await runCli(argv, { env });
  if (!codes.includes(r.code)) throw new Error(`${argv.join(' ')} → ${r.code}: ${r.stderr}`);
  return r;
};

test('a project whose only request was rejected: export, plan --prune in sync (nothing removed); apply elsewhere requests none of it', async () => {
  const member = envFor(a, 'member');
  const admin = envFor(a, 'admin');
  await run(['app', 'create', '--name', 'rejected-bot'], member);
  await run(['rights', 'request', '--app', 'rejected-bot', '--project', 'WEB', 'Project.Issues.View'], member, [8]);
  await run(['rights', 'request', '--app', 'rejected-bot', '--project', 'BACKEND', 'Project.Issues.View'], member, [8]);
  await run(['rights', 'authorize', '--app', 'rejected-bot', '--project', 'WEB', '--reject', '--yes'], admin);
  const file = path.join(tmpDir('spacectl-export-prune-'), 'rejected.yaml');
  await run(['app', 'export', '--app', 'rejected-bot', '-o', file], admin);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).not.toMatch(/WEB/);
  expect(text).toMatch(/BACKEND:\n\s+- Project\.Issues\.View/);

  const since = a.requests().length;
  const plan = await run(['plan', '-f', file, '--prune', '--json'], admin, [0, 3]);
  expect(JSON.parse(plan.stdout)).toMatchObject({ inSync: true });
  expect(plan.code).toBe(0);
  await run(['apply', '-f', file, '--prune', '--yes'], admin, [8]); // BACKEND's request still waits for approval
  expect(writesSince(a, since)).toEqual([]);
  // The admin's rejection is still there (an authorization that holds nothing is not pruned away with it).
  const web = JSON.parse((await run(['rights', 'list', '--app', 'rejected-bot', '--project', 'WEB', '--json'], admin)).stdout);
  expect(web).toEqual([expect.objectContaining({ code: 'Project.Issues.View', status: 'rejected' })]);

  const envB = envFor(b, 'admin');
  await run(['apply', '-f', file, '--yes'], envB);
  const contexts = (JSON.parse((await run(['rights', 'list', '--app', 'rejected-bot', '--all-contexts', '--json'], envB)).stdout) as Array<{ context: string }>).map((r) => r.context);
  expect([...new Set(contexts)]).toEqual(['project:key:BACKEND']);
});

test('contexts a manifest cannot name (a project these credentials cannot see, a channel) are said, by export and by plan --prune, not silently dropped', async () => {
  const admin = envFor(a, 'admin');
  await run(['app', 'create', '--name', 'hidden-bot'], admin);
  await run(['project', 'add', '--app', 'hidden-bot', 'BACKEND', '--right', 'Project.Issues.View'], admin);
  // A server that also lists a private project and a channel among the app's authorized contexts.
  const proxy = await hostileServer((req, res) => {
    if (req.method !== 'GET' || !req.url?.includes('/authorizations/authorized-contexts')) return false;
    void fetch(`${a.url}${req.url}`, { headers: { authorization: req.headers.authorization ?? '' } }).then(async (up) => {
      const list = await up.json() as unknown[];
      list.push({ className: 'PrivateProjectPermissionContext', projectId: 'prjSecret1' }, { className: 'ChannelPermissionContext', channel: { id: 'ch1' } });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(list));
    });
  }, a.url);
  try {
    const env = envFor(a, 'admin', { SPACE_URL: proxy.url });
    const file = path.join(tmpDir('spacectl-export-hidden-'), 'hidden.yaml');
    const exp = await run(['app', 'export', '--app', 'hidden-bot', '-o', file], env);
    expect(exp.stderr).toMatch(/hidden-bot: also authorized in a project these credentials cannot see \(id:prjSecret1\), a channel; a manifest cannot describe them, so they are left out of the export/);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/BACKEND:\n\s+- Project\.Issues\.View/);
    const plan = await run(['plan', '-f', file, '--prune'], env);
    expect(plan.stdout).toMatch(/note: also authorized in a project these credentials cannot see \(id:prjSecret1\), a channel: .*--prune leaves them as they are/);
    expect(plan.stdout).toMatch(/in sync/);
  } finally {
    await proxy.close();
  }
});

test('an endpoint URI stored with a capitalised host (as the UI keeps it) exports and plans in sync; endpoint set of the same URI sends nothing', async () => {
  const admin = envFor(a, 'admin');
  await run(['app', 'create', '--name', 'cased-bot'], admin);
  const { id } = JSON.parse((await run(['app', 'show', '--app', 'cased-bot', '--json'], admin)).stdout) as { id: string };
  const patched = await fetch(`${a.url}/api/http/applications/id:${id}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ endpointUri: 'HTTPS://Bot.Example.com/Space', codeFlowEnabled: true, codeFlowRedirectURIs: 'https://Cb.Example.com/CB' }),
  });
  expect(patched.status).toBe(200);
  const file = path.join(tmpDir('spacectl-export-cased-'), 'cased.yaml');
  await run(['app', 'export', '--app', 'cased-bot', '-o', file], admin);
  const since = a.requests().length;
  const plan = await run(['plan', '-f', file, '--prune'], admin, [0, 3]);
  expect(plan.stdout).toMatch(/= app cased-bot .*in sync/);
  expect(plan.code).toBe(0);
  const set = await run(['endpoint', 'set', '--app', 'cased-bot', '--uri', 'https://bot.example.com/Space'], admin);
  expect(set.code).toBe(0);
  expect(writesSince(a, since)).toEqual([]);
});

test('a flow that is on without redirect URIs (Space allows it) is exported with a warning that another server will refuse it', async () => {
  const admin = envFor(a, 'admin');
  await run(['app', 'create', '--name', 'uriless-bot'], admin);
  const { id } = JSON.parse((await run(['app', 'show', '--app', 'uriless-bot', '--json'], admin)).stdout) as { id: string };
  await fetch(`${a.url}/api/http/applications/id:${id}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ codeFlowEnabled: true }),
  });
  const file = path.join(tmpDir('spacectl-export-uriless-'), 'uriless.yaml');
  const exp = await run(['app', 'export', '--app', 'uriless-bot', '-o', file], admin);
  expect(exp.stderr).toMatch(/uriless-bot: the authorization-code flow is enabled without redirect URIs; applying this manifest where the flow is off is refused until its redirectUris lists one/);
  expect(exp.stderr).not.toMatch(/implicit flow/);
  expect((await run(['plan', '-f', file], admin)).code).toBe(0);
  const elsewhere = await runCli(['apply', '-f', file, '--yes'], { env: envFor(b, 'admin') });
  expect(elsewhere.code).toBe(2);
  expect(elsewhere.stderr).toMatch(/needs at least one redirect URI/);
});

test('rights a newer server holds that spacectl does not know are exported as held, with a warning that plan will refuse them', async () => {
  const admin = envFor(a, 'admin');
  await run(['app', 'create', '--name', 'future-bot'], admin);
  await run(['rights', 'request', '--app', 'future-bot', 'Profile.View'], admin);
  const extra = { rightCode: 'Future.Insights.View', name: 'View insights', group: 'Insights', description: '', targetName: 'Global', editable: true, status: 'GRANTED', dependencies: [] };
  const proxy = await hostileServer((req, res) => {
    const url = req.url ?? '';
    const global = url.includes('/authorizations/authorized-rights') && url.includes('contextIdentifier=global');
    if (req.method !== 'GET' || !(url.includes('/authorizations/required-rights') || global)) return false;
    void fetch(`${a.url}${url}`, { headers: { authorization: req.headers.authorization ?? '' } }).then(async (up) => {
      const list = await up.json() as unknown[];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([...list, extra]));
    });
  }, a.url);
  try {
    const file = path.join(tmpDir('spacectl-export-future-'), 'future.yaml');
    const exp = await run(['app', 'export', '--app', 'future-bot', '-o', file], envFor(a, 'admin', { SPACE_URL: proxy.url }));
    expect(exp.stderr).toMatch(/future-bot: rights unknown to spacectl's catalog \(Space 2023\.2\): Future\.Insights\.View; exported as held, but plan and apply refuse a manifest naming them/);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/- Future\.Insights\.View/);
    const plan = await runCli(['plan', '-f', file], { env: admin });
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/unknown right "Future\.Insights\.View"/);
  } finally {
    await proxy.close();
  }
});
