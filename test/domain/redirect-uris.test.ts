import {
  formatRedirectUris,
  isLoopbackHost,
  mergeRedirectUris,
  parseRedirectUris,
  validateEndpointUri,
  validateRedirectUri,
} from '../../src/domain/redirect-uris.js';
import { domainError } from '../helpers/expect.js';


describe('parseRedirectUris / formatRedirectUris', () => {
  it('handles null, undefined and empty', () => {
    expect(parseRedirectUris(null)).toEqual([]);
    expect(parseRedirectUris(undefined)).toEqual([]);
    expect(parseRedirectUris('')).toEqual([]);
    expect(parseRedirectUris(' \n \r\n ')).toEqual([]);
  });

  it('splits on newlines, trims, drops empties, dedupes', () => {
    expect(parseRedirectUris('https://a.example/cb\r\n\n  http://localhost:8080/cb  \n\t\nhttps://a.example/cb\n')).toEqual([
      'https://a.example/cb',
      'http://localhost:8080/cb',
    ]);
  });

  it('tolerates commas and spaces between URIs but keeps commas inside a URI', () => {
    expect(parseRedirectUris('https://a.example/cb, myapp://cb,https://b.example/cb?x=1,2')).toEqual([
      'https://a.example/cb',
      'myapp://cb',
      'https://b.example/cb?x=1,2',
    ]);
    expect(parseRedirectUris('https://a.example/cb https://b.example/cb')).toHaveLength(2);
  });

  it('formats with newlines and round-trips', () => {
    const list = ['https://a.example/cb', 'http://localhost:8080/cb'];
    expect(formatRedirectUris(list)).toBe('https://a.example/cb\nhttp://localhost:8080/cb');
    expect(parseRedirectUris(formatRedirectUris(list))).toEqual(list);
    expect(formatRedirectUris([])).toBe('');
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]'])('%s is loopback', (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });
  it.each(['example.com', '128.0.0.1', 'localhost.example.com', '10.0.0.1', '[::2]'])('%s is not', (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});

describe('validateRedirectUri', () => {
  const strict = { allowHttp: false };

  it.each([
    ['https://app.example.com/callback', 'https://app.example.com/callback'],
    ['  https://App.Example.COM/CallBack?x=Y  ', 'https://app.example.com/CallBack?x=Y'],
    ['HTTPS://app.example.com', 'https://app.example.com'], // no trailing slash added: exact match matters
    ['http://localhost:8080/cb', 'http://localhost:8080/cb'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1/cb'],
    ['http://[::1]:3000/cb', 'http://[::1]:3000/cb'],
    ['myapp://cb', 'myapp://cb'],
    ['com.example.app:/oauth2redirect', 'com.example.app:/oauth2redirect'],
    ['MyApp://Callback', 'myapp://Callback'],
  ])('accepts %s', (input, out) => {
    expect(validateRedirectUri(input, strict)).toBe(out);
  });

  it('refuses http to a non-loopback host unless allowed, naming the URI and flag', () => {
    const err = domainError(() => validateRedirectUri('http://app.example.com/cb', strict));
    expect(err.message).toContain('"http://app.example.com/cb"');
    expect(err.message).toContain('--allow-http');
    expect(domainError(() => validateRedirectUri('http://x.example/cb', { allowHttp: false, flag: '--insecure' })).message).toContain('--insecure');
    expect(validateRedirectUri('http://app.example.com/cb', { allowHttp: true })).toBe('http://app.example.com/cb');
  });

  it('refuses fragments', () => {
    expect(domainError(() => validateRedirectUri('https://app.example.com/cb#x', strict)).message).toMatch(/must not contain a fragment/);
    expect(domainError(() => validateRedirectUri('myapp://cb#', strict)).message).toMatch(/fragment/);
  });

  it('refuses relative or scheme-less URIs with a suggestion', () => {
    expect(domainError(() => validateRedirectUri('/callback', strict)).message).toBe(
      'redirect URI "/callback" is not absolute; include the scheme and host, e.g. https://app.example.com/callback',
    );
    expect(domainError(() => validateRedirectUri('app.example.com/cb', strict)).message).toMatch(/e\.g\. https:\/\/app\.example\.com\/cb$/);
    expect(domainError(() => validateRedirectUri('localhost:8080/cb', strict)).message).toMatch(/not absolute/);
  });

  it('refuses empty, whitespace, credentials, hostless http and dangerous schemes', () => {
    expect(domainError(() => validateRedirectUri('  ', strict)).message).toMatch(/empty/);
    expect(domainError(() => validateRedirectUri('https://a.example/c b', strict)).message).toMatch(/whitespace/);
    expect(domainError(() => validateRedirectUri('https://u:p@a.example/cb', strict)).message).toMatch(/credentials/);
    expect(domainError(() => validateRedirectUri('javascript:alert(1)', strict)).message).toMatch(/javascript: scheme/);
    expect(domainError(() => validateRedirectUri('https://', strict)).message).toMatch(/not a valid URI|no host/);
  });
});

describe('validateEndpointUri', () => {
  it('accepts https', () => {
    expect(validateEndpointUri('https://Bot.Example.com/space/api', { allowHttp: false })).toBe('https://bot.example.com/space/api');
  });

  it('accepts http only for loopback with the flag', () => {
    expect(validateEndpointUri('http://localhost:8080/api', { allowHttp: true })).toBe('http://localhost:8080/api');
    const err = domainError(() => validateEndpointUri('http://localhost:8080/api', { allowHttp: false }));
    expect(err.message).toBe('endpoint URI "http://localhost:8080/api" uses plain http; pass --allow-http to accept it for a local endpoint');
    const remote = domainError(() => validateEndpointUri('http://bot.example.com/api', { allowHttp: true }));
    expect(remote.message).toContain('"http://bot.example.com/api" must use https');
    expect(remote.message).not.toContain('--allow-http'); // already given (or, in a manifest, no such option)
    expect(domainError(() => validateEndpointUri('http://bot.example.com/api', { allowHttp: false })).message).toContain('with --allow-http');
  });

  it('refuses other schemes, relative URIs and fragments', () => {
    expect(domainError(() => validateEndpointUri('ftp://x.example/api', { allowHttp: true })).message).toMatch(/must be an https:\/\/ URL/);
    expect(domainError(() => validateEndpointUri('myapp://cb', { allowHttp: true })).message).toMatch(/https/);
    expect(domainError(() => validateEndpointUri('bot.example.com/api', { allowHttp: false })).message).toMatch(/not absolute/);
    expect(domainError(() => validateEndpointUri('https://bot.example.com/api#x', { allowHttp: false })).message).toMatch(/fragment/);
  });
});

describe('mergeRedirectUris', () => {
  const cur = ['https://a.example/cb', 'http://localhost:8080/cb'];

  it('adds without dropping existing ones, skipping those already present', () => {
    const m = mergeRedirectUris(cur, { add: ['https://b.example/cb', 'https://a.example/cb', 'https://b.example/cb'] });
    expect(m.result).toEqual([...cur, 'https://b.example/cb']);
    expect(m.added).toEqual(['https://b.example/cb']);
    expect(m.removed).toEqual([]);
    expect(m.unchanged).toBe(false);
  });

  it('is unchanged when adding what is there', () => {
    const m = mergeRedirectUris(cur, { add: ['HTTPS://A.example/cb'] });
    expect(m).toEqual({ result: cur, added: [], removed: [], absent: [], unchanged: true });
  });

  it('removes, reporting absent URIs without failing', () => {
    const m = mergeRedirectUris(cur, { remove: ['http://localhost:8080/cb', 'https://gone.example/cb'] });
    expect(m.result).toEqual(['https://a.example/cb']);
    expect(m.removed).toEqual(['http://localhost:8080/cb']);
    expect(m.absent).toEqual(['https://gone.example/cb']);
    expect(m.unchanged).toBe(false);
    const again = mergeRedirectUris(m.result, { remove: ['http://localhost:8080/cb'] });
    expect(again).toMatchObject({ removed: [], absent: ['http://localhost:8080/cb'], unchanged: true });
  });

  it('adds and removes in one go', () => {
    const m = mergeRedirectUris(cur, { add: ['myapp://cb'], remove: ['https://a.example/cb'] });
    expect(m.result).toEqual(['http://localhost:8080/cb', 'myapp://cb']);
  });

  it('replace → exactly add', () => {
    const m = mergeRedirectUris(cur, { add: ['https://a.example/cb', 'https://c.example/cb'], replace: true });
    expect(m.result).toEqual(['https://a.example/cb', 'https://c.example/cb']);
    expect(m.added).toEqual(['https://c.example/cb']);
    expect(m.removed).toEqual(['http://localhost:8080/cb']);
    expect(mergeRedirectUris(cur, { replace: true }).result).toEqual([]);
    expect(mergeRedirectUris(cur, { add: [...cur], replace: true }).unchanged).toBe(true);
  });

  it('refuses contradictory requests', () => {
    expect(domainError(() => mergeRedirectUris(cur, { add: ['myapp://cb'], remove: ['myapp://cb'] })).message).toMatch(/both added and removed/);
    expect(domainError(() => mergeRedirectUris(cur, { replace: true, remove: ['myapp://cb'] })).message).toMatch(/cannot be combined/);
  });

  it('handles an empty current list', () => {
    expect(mergeRedirectUris([], {})).toEqual({ result: [], added: [], removed: [], absent: [], unchanged: true });
  });
});
