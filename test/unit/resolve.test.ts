import fs from 'node:fs';
import path from 'node:path';
import { resolveCredentials } from '../../src/config/resolve.js';
import { ConfigStore } from '../../src/config/store.js';
import { tmpDir } from '../helpers/cli.js';

describe('credential precedence: flag > env > profile', () => {
  let dir: string;
  let store: ConfigStore;
  beforeEach(async () => {
    dir = tmpDir();
    store = new ConfigStore(path.join(dir, 'cfg'));
    await store.save('work', { url: 'https://work.example', auth: 'token' }, { token: 'profile-token' });
    await store.save('ci', { url: 'https://ci.example', auth: 'client-credentials', clientId: 'cid' }, { clientSecret: 'csecret' });
    await store.setActive('work');
  });
  const load = () => Promise.resolve(store);

  test('active profile supplies everything when nothing else is given', async () => {
    const r = await resolveCredentials({}, {}, load);
    expect(r.url).toEqual({ value: 'https://work.example', source: 'profile work' });
    expect(r.credentials.value).toEqual({ kind: 'token', token: 'profile-token' });
    expect(r.credentials.source).toBe('profile work');
  });

  test('env beats profile, flag beats env, per value', async () => {
    const r = await resolveCredentials({ url: 'https://flag.example' }, { SPACE_URL: 'https://env.example', SPACE_TOKEN: 'env-token' }, load);
    expect(r.url).toMatchObject({ value: 'https://flag.example', source: 'flag' });
    expect(r.credentials).toMatchObject({ value: { kind: 'token', token: 'env-token' }, source: 'env' });
    const r2 = await resolveCredentials({ token: 'flag-token' }, { SPACE_URL: 'https://env.example', SPACE_TOKEN: 'env-token' }, load);
    expect(r2.credentials).toMatchObject({ value: { token: 'flag-token' }, source: 'flag' });
    expect(r2.url.source).toBe('env');
  });

  test('credentials are bound to their server: a token from a flag or env never goes to a profile\'s server', async () => {
    await expect(resolveCredentials({ token: 'flag-token' }, {}, load)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--token is given but no server is \(the profile work points at https:\/\/work\.example\)/) });
    await expect(resolveCredentials({}, { SPACE_TOKEN: 'env-token' }, load)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/SPACE_TOKEN is set but no server is/) });
    await expect(resolveCredentials({ profile: 'ci' }, { SPACE_CLIENT_ID: 'a', SPACE_CLIENT_SECRET: 'b' }, load)).rejects.toMatchObject({ exitCode: 2 });
  });

  test('a profile\'s credentials never go to another server named by --url or SPACE_URL', async () => {
    await expect(resolveCredentials({ url: 'https://other.example' }, {}, load)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--url https:\/\/other\.example is not the server of profile work \(https:\/\/work\.example\)/) });
    await expect(resolveCredentials({}, { SPACE_URL: 'https://other.example', SPACECTL_PROFILE: 'ci' }, load)).rejects.toMatchObject({ exitCode: 2 });
    // The same server, written differently, is fine.
    const r = await resolveCredentials({ url: 'https://work.example/' }, {}, load);
    expect(r.credentials.source).toBe('profile work');
  });

  test('SPACECTL_PROFILE picks another profile; --profile beats it', async () => {
    const r = await resolveCredentials({}, { SPACECTL_PROFILE: 'ci' }, load);
    expect(r.credentials.value).toEqual({ kind: 'client-credentials', clientId: 'cid', clientSecret: 'csecret' });
    const r2 = await resolveCredentials({ profile: 'work' }, { SPACECTL_PROFILE: 'ci' }, load);
    expect(r2.profile).toMatchObject({ value: 'work', source: 'flag' });
  });

  test('env client credentials need both halves', async () => {
    await expect(resolveCredentials({}, { SPACE_CLIENT_ID: 'x' }, load)).rejects.toThrow(/SPACE_CLIENT_SECRET is not set/);
    const r = await resolveCredentials({}, { SPACE_URL: 'https://e', SPACE_CLIENT_ID: 'x', SPACE_CLIENT_SECRET: 'y' }, load);
    expect(r.credentials).toMatchObject({ value: { kind: 'client-credentials', clientId: 'x' }, source: 'env' });
  });

  test('Space Automation beats the active profile; a named profile or SPACE_* beats Automation', async () => {
    const job = { JB_SPACE_API_URL: 'acme.jetbrains.space', JB_SPACE_CLIENT_ID: 'job-id', JB_SPACE_CLIENT_SECRET: 'job-secret' };
    const r = await resolveCredentials({}, job, () => Promise.reject(new Error('store loaded')));
    expect(r.url).toMatchObject({ value: 'https://acme.jetbrains.space', source: 'automation' });
    expect(r.credentials).toMatchObject({ value: { kind: 'client-credentials', clientId: 'job-id', clientSecret: 'job-secret' }, source: 'automation' });
    expect(r.profile).toBeUndefined();
    const named = await resolveCredentials({ profile: 'work' }, job, load);
    expect(named.credentials.source).toBe('profile work');
    const viaEnvProfile = await resolveCredentials({}, { ...job, SPACECTL_PROFILE: 'ci' }, load);
    expect(viaEnvProfile.credentials.source).toBe('profile ci');
    const env = await resolveCredentials({}, { ...job, SPACE_URL: 'https://e', SPACE_TOKEN: 't' }, load);
    expect(env.credentials).toMatchObject({ source: 'env', value: { kind: 'token', token: 't' } });
    // Half from SPACE_* and half from Automation would send one identity's token to another's server.
    const half = await resolveCredentials({}, { ...job, SPACE_TOKEN: 't' }, load).catch((e: unknown) => e as Partial<typeof r>);
    expect(half.url?.source).not.toBe('automation');
    expect((await resolveCredentials({}, { ...job, JB_SPACE_API_URL: 'http://127.0.0.1:1' }, load)).url.value).toBe('http://127.0.0.1:1');
  });

  test('env alone never touches the config store', async () => {
    const r = await resolveCredentials({}, { SPACE_URL: 'https://e', SPACE_TOKEN: 't' }, () => Promise.reject(new Error('store loaded')));
    expect(r.url.value).toBe('https://e');
  });

  test('unknown profile names the known ones; no credentials says how to provide them', async () => {
    await expect(resolveCredentials({ profile: 'nope' }, {}, load)).rejects.toThrow(/profile "nope" does not exist; known profiles: work, ci/);
    const empty = new ConfigStore(path.join(dir, 'empty'));
    await expect(resolveCredentials({}, {}, () => Promise.resolve(empty))).rejects.toMatchObject({ exitCode: 2, message: 'no Space server given', hint: expect.stringMatching(/SPACE_TOKEN/) });
    await expect(resolveCredentials({ url: 'https://x.example' }, {}, () => Promise.resolve(empty))).rejects.toMatchObject({ exitCode: 4, message: 'no credentials for https://x.example' });
  });

  test('secrets live apart from profiles, 0600 files in a 0700 directory', () => {
    const profiles = fs.readFileSync(store.profilesPath, 'utf8');
    expect(profiles).not.toContain('profile-token');
    expect(profiles).not.toContain('csecret');
    expect(fs.readFileSync(store.secretsPath, 'utf8')).toContain('profile-token');
    expect(fs.statSync(store.secretsPath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'cfg')).mode & 0o777).toBe(0o700);
  });

  test('removing a profile removes its secret and clears it as active', async () => {
    expect(await store.remove('work')).toBe(true);
    expect(store.secret('work')).toBeUndefined();
    expect(store.active()).toBeUndefined();
    expect(await store.remove('work')).toBe(false);
  });
});
