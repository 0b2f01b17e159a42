import { contextString, parseContext, pathId, projectKey, rightCodeOf, contextOf, GLOBAL } from '../../src/api/ids.js';
import { UsageError } from '../../src/errors.js';

describe('identifiers as Space writes them (Space HTTP API)', () => {
  test('path identifiers keep the prefix literal and percent-encode the value', () => {
    expect(pathId('id:2bM5lQ0q4wPA')).toBe('id:2bM5lQ0q4wPA');
    expect(pathId('clientId:a b/c')).toBe('clientId:a%20b%2Fc');
    expect(pathId('me')).toBe('me');
    expect(pathId('key:BACKEND')).toBe('key:BACKEND');
  });

  test('contexts are compact strings: global and project:key:KEY, never className objects', () => {
    expect(contextString(GLOBAL)).toBe('global');
    expect(contextString(parseContext('BACKEND'))).toBe('project:key:BACKEND');
    expect(contextString(parseContext('project:key:web'))).toBe('project:key:WEB');
    expect(contextString(parseContext('global'))).toBe('global');
  });

  test('project keys are validated and upper-cased', () => {
    expect(projectKey('backend')).toBe('BACKEND');
    expect(projectKey('key:MOBILE')).toBe('MOBILE');
    expect(() => projectKey('no spaces')).toThrow(UsageError);
    expect(() => projectKey('')).toThrow(/--project ""/);
  });

  test('right codes are read from a string or the spec object form', () => {
    expect(rightCodeOf('Project.View')).toBe('Project.View');
    expect(rightCodeOf({ className: 'PermissionIdentifier.Project.View' })).toBe('Project.View');
    expect(rightCodeOf({ className: 'X', code: 'Team.View' })).toBe('Team.View');
  });

  test('authorized contexts map from PermissionContextApi', () => {
    expect(contextOf({ className: 'GlobalPermissionContext' })).toEqual(GLOBAL);
    expect(contextOf({ className: 'ProjectPermissionContext', project: { key: { key: 'WEB' } } })).toEqual({ kind: 'project', key: 'WEB' });
    expect(contextOf({ className: 'ChannelPermissionContext' })).toBeUndefined();
  });
});
