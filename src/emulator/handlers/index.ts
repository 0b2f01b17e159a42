// Route table: `${METHOD} ${spec path}` → handler. Every operation of openapi-applications.json is here
// (a test checks it), so the emulator serves exactly the documented surface.
import * as apps from './apps.js';
import * as rights from './rights.js';
import * as secrets from './secrets.js';
import * as ssh from './sshKeys.js';
import * as dir from './directory.js';
import * as tokens from './permanentTokens.js';
import * as perms from './permissions.js';
import type { Handler } from './context.js';

const A = '/applications/{application}';

export const routes = new Map<string, Handler>([
  ['POST /applications', apps.createApp],
  ['GET /applications/paged', apps.listApps],
  [`GET ${A}`, apps.getApp],
  [`PATCH ${A}`, apps.patchApp],
  [`DELETE ${A}`, apps.deleteApp],
  [`POST ${A}/restore`, apps.restoreApp],
  [`POST ${A}/force-remove`, apps.deleteApp],
  [`GET ${A}/last-client-credentials-access`, apps.lastAccess],

  ['GET /applications/authorizations/authorized-applications', rights.getAuthorizedApplications],
  [`GET ${A}/authorizations/authorized-contexts`, rights.getAuthorizedContexts],
  [`GET ${A}/authorizations/authorized-rights`, rights.getAuthorizedRights],
  [`PATCH ${A}/authorizations/authorized-rights`, rights.patchAuthorizedRights],
  [`DELETE ${A}/authorizations/authorized-rights`, rights.deleteAuthorizedRights],
  [`PATCH ${A}/authorizations/authorized-rights/request-rights`, rights.patchRequestRights],
  [`GET ${A}/authorizations/required-rights`, rights.getRequiredRights],
  [`PATCH ${A}/authorizations/required-rights`, rights.patchRequiredRights],

  [`GET ${A}/client-secret`, secrets.getClientSecret],
  [`POST ${A}/client-secret/regenerate`, secrets.regenerateClientSecret],
  [`GET ${A}/signing-key`, secrets.getSigningKey],
  [`POST ${A}/signing-key/regenerate`, secrets.regenerateSigningKey],
  [`GET ${A}/verification-token`, secrets.getVerificationToken],
  [`POST ${A}/verification-token/regenerate`, secrets.regenerateVerificationToken],
  [`GET ${A}/public-keys`, secrets.getPublicKeys],
  [`GET ${A}/bearer-token`, secrets.getBearerToken],

  [`POST ${A}/ssh-keys`, ssh.addSshKey],
  [`GET ${A}/ssh-keys`, ssh.listSshKeys],
  [`DELETE ${A}/ssh-keys/{fingerprint}`, ssh.deleteSshKey],

  [`POST ${A}/permanent-tokens`, tokens.createPermanentToken],
  [`GET ${A}/permanent-tokens`, tokens.listPermanentTokens],
  [`PATCH ${A}/permanent-tokens/{tokenId}`, tokens.patchPermanentToken],
  [`DELETE ${A}/permanent-tokens/{tokenId}`, tokens.deletePermanentToken],
  [`DELETE ${A}/permanent-tokens/current`, tokens.deleteCurrentPermanentToken],

  ['GET /projects', dir.listProjects],
  ['GET /projects/{project}', dir.getProject],
  ['GET /team-directory/profiles/{profile}', dir.getProfile],
  ['GET /permissions', perms.getPermissions],
  ['POST /permissions/check-permission', perms.checkPermission],
]);
