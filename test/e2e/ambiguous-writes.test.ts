// Lost answers and the retry budget: a create whose answer is lost is read back by name ("created (confirmed)"
// or "not created"); GETs (timeouts too) and state-setting PATCHes are retried; Retry-After is honoured up to
// its documented maximum.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, scriptedPrompter, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, TOKENS } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterEach(() => emu.clearFaults());
afterAll(async () => { await emu.close(); });

/** Apps of that exact name on the server, as a fault-free listing sees them. */
async function named(name: string): Promise<number> {
  const r = await runCli(['app', 'list', '--name', name, '--json'], { env: envFor(emu) });
  return (JSON.parse(r.stdout) as Array<{ name: string }>).filter((a) => a.name === name).length;
}

const FAST = { SPACECTL_TIMEOUT_MS: '700' };

describe('app create whose answer is lost', () => {
  test.each([
    ['502 after processing', { status: 502 }],
    ['500 after processing', { status: 500 }],
    ['a reset after processing', { reset: true }],
    ['a body cut short', { truncate: true }],
    ['an answer past the timeout', { delayMs: 2_000 }],
  ])('%s: read back by name, "created (confirmed)", one app, secret delivered', async (label, fault) => {
    const name = `lost-${label.replace(/\W+/g, '-')}`;
    emu.injectFault({ method: 'POST', pathPrefix: '/applications', after: true, ...fault, count: 1 });
    const r = await runCli(['app', 'create', '--name', name, '--reveal-secret', '--json'], { env: envFor(emu, 'admin', FAST) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ app: { name }, created: true, confirmed: true, clientSecret: expect.any(String) });
    expect(await named(name)).toBe(1);
    const plain = await runCli(['app', 'create', '--name', `${name}-plain`], { env: envFor(emu, 'admin', FAST) });
    expect(plain.code).toBe(0);
    expect(await named(`${name}-plain`)).toBe(1);
    expect(emu.faultStats().pending).toBe(0);
  }, 30_000);

  test('lost before processing: "not created", exit 1, nothing on the server; a re-run creates it once', async () => {
    emu.injectFault({ method: 'POST', pathPrefix: '/applications', status: 503, count: 1 });
    const r = await runCli(['app', 'create', '--name', 'never-made'], { env: envFor(emu) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: application never-made was not created \(read back by name after the answer was lost: /);
    expect(r.stderr).toMatch(/--if-not-exists is safe/);
    expect(r.stderr).not.toMatch(/check that the server is running|bug in spacectl/);
    expect(await named('never-made')).toBe(0);
    expect((await runCli(['app', 'create', '--name', 'never-made'], { env: envFor(emu) })).code).toBe(0);
    expect(await named('never-made')).toBe(1);
  });

  test('when the read-back fails too, it says it is not known and how to settle it', async () => {
    emu.injectFault({ method: 'POST', pathPrefix: '/applications', after: true, status: 502, count: 1 });
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', status: 500, count: 1 });
    const r = await runCli(['app', 'create', '--name', 'unknown-fate'], { env: envFor(emu) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/it is not known whether application unknown-fate was created/);
    expect(r.stderr).toMatch(/Re-run with --if-not-exists/);
    const again = await runCli(['app', 'create', '--name', 'unknown-fate', '--if-not-exists', '--json'], { env: envFor(emu) });
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false });
    expect(await named('unknown-fate')).toBe(1);
  });
});

describe('retry budget', () => {
  test('a GET that times out is retried', async () => {
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', delayMs: 2_000, count: 1 });
    const r = await runCli(['app', 'list', '--json'], { env: envFor(emu, 'admin', FAST) });
    expect(r.code).toBe(0);
    expect(emu.faultStats().pending).toBe(0);
  }, 30_000);

  test('state-setting PATCHes are retried on 502/503/504 and resets, before or after processing', async () => {
    const env = envFor(emu, 'member'); // a member's request waits for an admin's approval
    const admin = envFor(emu);
    const { id } = JSON.parse((await runCli(['app', 'create', '--name', 'patchy', '--json'], { env })).stdout).app;
    const authz = `/applications/id:${id}/authorizations/`;
    emu.injectFault({ method: 'PATCH', pathPrefix: `${authz}required-rights`, status: 502, after: true, count: 1 });
    emu.injectFault({ method: 'PATCH', pathPrefix: `${authz}authorized-rights/request-rights`, status: 503, count: 1 });
    const req = await runCli(['rights', 'request', '--app', 'patchy', 'Project.Issues.View', '--project', 'BACKEND'], { env });
    expect(emu.faultStats().pending).toBe(0);
    emu.injectFault({ method: 'PATCH', pathPrefix: `${authz}authorized-rights`, status: 504, after: true, count: 1 });
    emu.injectFault({ method: 'PATCH', pathPrefix: `${authz}authorized-rights`, reset: true, after: true, count: 1 });
    const auth = await runCli(['rights', 'authorize', '--app', 'patchy', '--yes'], { env: admin });
    expect(req.stderr).not.toMatch(/error/);
    expect(req.code).toBe(8); // requested, waiting for approval
    expect(auth.code).toBe(0);
    expect(emu.faultStats().pending).toBe(0);
    const list = await runCli(['rights', 'list', '--app', 'patchy', '--project', 'BACKEND', '--json'], { env: admin });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ code: 'Project.Issues.View', status: 'granted' })]);
  });

  test('Retry-After is honoured (a 429 waits, then succeeds); beyond SPACECTL_MAX_RETRY_WAIT it is an error that says so', async () => {
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', status: 429, retryAfterSeconds: 1, count: 1 });
    expect((await runCli(['app', 'list'], { env: envFor(emu) })).code).toBe(0);
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', status: 429, retryAfterSeconds: 120, count: 1 });
    const r = await runCli(['app', 'list'], { env: envFor(emu, 'admin', { SPACECTL_MAX_RETRY_WAIT: '5' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the server asked to retry after 120 s, longer than spacectl waits \(5 s; SPACECTL_MAX_RETRY_WAIT=<seconds> changes it\)/);
  });

  test('a listing page that fails for good mid-batch: the apps listed so far are approved and summarised, exit 5; a re-run finishes', async () => {
    const admin = envFor(emu);
    expect((await runCli(['rights', 'authorize', '--all-apps', '--yes'], { env: admin })).code).toBe(0); // an empty queue first
    const seeded = await fetch(`${emu.url}/__emulator/seed-apps`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ count: 150, prefix: 'midlist', ownerToken: 'member', requested: [{ context: 'global', rights: ['Profile.Edit'] }] }),
    });
    expect(seeded.status).toBe(200);
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', skip: 1, status: 500, count: 1 }); // page 2 of the listing
    const r = await runCli(['rights', 'authorize', '--all-apps', '--yes'], { env: admin });
    expect(r.code).toBe(5);
    const first = Number(/Approved (\d+) rights? in \d+ contexts? of 100 applications checked/.exec(r.stderr)?.[1]);
    expect(first).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/Listing the applications failed after 100 were handled: internal-server-error \(HTTP 500\).*re-run to continue/);
    const again = await runCli(['rights', 'authorize', '--all-apps', '--yes', '--json'], { env: admin });
    expect(again.code).toBe(0);
    expect(first + JSON.parse(again.stdout).summary.approved).toBe(150); // every request approved once
    // The read-only pass before a confirmation: a failed listing is not "nothing to approve", exit 0.
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', skip: 1, status: 500, count: 1 });
    const asked = await runCli(['rights', 'authorize', '--all-apps'], { env: admin, tty: true, prompter: scriptedPrompter([]) });
    expect(asked.code).toBe(5);
    expect(asked.stderr).toMatch(/Nothing to approve: no matching requested rights in 100 applications read\.\n.*Listing the applications failed after 100 were handled/);
  });

  test('--policy: a listing page that fails for good is said, in words and in --json, exit 5; a re-run finishes', async () => {
    const admin = envFor(emu);
    const policy = path.join(tmpDir(), 'policy.yaml');
    fs.writeFileSync(policy, 'rules:\n  - action: approve\n    rights: [Profile.Edit]\n    apps: [midpol-*]\n');
    const seeded = await fetch(`${emu.url}/__emulator/seed-apps`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKENS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ count: 150, prefix: 'midpol', ownerToken: 'member', requested: [{ context: 'global', rights: ['Profile.Edit'] }] }),
    });
    expect(seeded.status).toBe(200);
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', skip: 1, status: 500, count: 1 }); // page 2 of the listing
    const r = await runCli(['rights', 'authorize', '--all-apps', '--yes', '--policy', policy, '--json'], { env: admin });
    expect(r.code).toBe(5);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({ apps: 100, listingError: expect.stringMatching(/internal-server-error \(HTTP 500\)/) });
    expect(r.stderr).toMatch(/Listing the applications failed after 100 were handled: internal-server-error \(HTTP 500\).*re-run to continue/);
    const again = await runCli(['rights', 'authorize', '--all-apps', '--yes', '--policy', policy, '--json'], { env: admin });
    expect(again.code).toBe(0);
    expect(out.summary.approved + JSON.parse(again.stdout).summary.approved).toBe(150); // every request decided once

    // The read-only pass before a confirmation: a failed listing is not "nothing to decide", exit 0.
    emu.injectFault({ method: 'GET', pathPrefix: '/applications/paged', skip: 1, status: 500, count: 1 });
    const asked = await runCli(['rights', 'authorize', '--all-apps', '--policy', policy], { env: admin, tty: true, prompter: scriptedPrompter([]) });
    expect(asked.code).toBe(5);
    expect(asked.stderr).toMatch(/Nothing to decide.*\n.*Listing the applications failed after 100 were handled/);
  });
});
