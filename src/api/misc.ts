// Projects, profiles and SSH keys (Space HTTP API).
import type { SpaceClient } from './client.js';
import { APP, arrayOf, PROFILE, PROJECT, SSH_KEY } from './contract.js';
import { pathId, projectIdentifier, type AppIdentifier } from './ids.js';
import type { App, MemberProfile, Project, SshKeyData } from './types.js';

const PROJECT_FIELDS = 'id,key(key),name,archived';

export const getProject = (api: SpaceClient, key: string) =>
  api.request<Project>({ path: `projects/${pathId(projectIdentifier(key))}`, fields: PROJECT_FIELDS, expect: PROJECT });

export const listProjects = (api: SpaceClient, term?: string) =>
  api.paginate<Project>({ path: 'projects', query: { term }, fields: PROJECT_FIELDS }, undefined, PROJECT);

export const getMyProfile = (api: SpaceClient) =>
  api.request<MemberProfile>({ path: 'team-directory/profiles/me', fields: 'id,username,name(firstName,lastName)', expect: PROFILE });

/** With client credentials the caller is an application: `me` resolves to it (Space HTTP API). */
export const getMyApplication = (api: SpaceClient) =>
  api.request<App>({ path: 'applications/me', fields: 'id,clientId,name', expect: APP });

const sshPath = (app: AppIdentifier) => `applications/${pathId(app)}/ssh-keys`;

export async function listSshKeys(api: SpaceClient, app: AppIdentifier): Promise<SshKeyData[]> {
  return api.request<SshKeyData[]>({ path: sshPath(app), fields: 'fingerprint,sha256fingerprint,publicKey,comment,createdAt', expect: arrayOf(SSH_KEY) });
}

/**
 * Idempotent by nature: the same key sent again is refused as a duplicate, which the caller counts as done
 * (services/ops), so a POST whose connection was reset (a keep-alive socket the server had just closed) or
 * answered 502/503/504 is retried like a GET instead of failing the command.
 */
export const addSshKey = (api: SpaceClient, app: AppIdentifier, publicKey: string, comment: string) =>
  api.request<void>({ method: 'POST', idempotent: true, path: sshPath(app), body: { publicKey, comment } });

/** The fingerprint exactly as GET returned it, percent-encoded (Space HTTP API). */
export const deleteSshKey = (api: SpaceClient, app: AppIdentifier, fingerprint: string) =>
  api.request<void>({ method: 'DELETE', path: `${sshPath(app)}/${encodeURIComponent(fingerprint)}` });
