// Wire representations (field names and shapes from the spec's ES_App, PR_Project, TD_MemberProfile, RightDTO).
import { rightsCatalog } from './data.js';
import type { Context } from './access.js';
import type { AppRecord, PrincipalRef, Project, RightRecord, RightStatus, State, User } from './state.js';

export function renderProfile(u: User): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    name: { firstName: u.firstName, lastName: u.lastName },
    speaksEnglish: true,
    smallAvatar: null,
    avatar: null,
    profilePicture: null,
    languages: [],
    archived: false,
    notAMember: false,
    suspended: false,
    emails: [],
    phones: [],
    messengers: [],
    links: [],
    managers: [],
    memberships: [],
    about: null,
  };
}

export function renderProject(p: Project): Record<string, unknown> {
  return {
    id: p.id,
    key: { key: p.key },
    name: p.name,
    private: false,
    description: p.description,
    icon: null,
    createdAt: p.createdAt,
    archived: false,
    tags: [],
    type: 'MEMBERS',
  };
}

/** Short ES_App used where an app is nested (ownerApp, principal details). */
function appStub(a: AppRecord): Record<string, unknown> {
  return { id: a.id, clientId: a.clientId, name: a.name, archived: a.archived };
}

function endpointAuthRead(a: AppRecord): Record<string, unknown> {
  switch (a.appLevelAuth) {
    case 'Basic': return { className: 'EndpointAuthRead.Basic', username: a.basicAuthUsername ?? '' };
    case 'Bearer': return { className: 'EndpointAuthRead.Bearer' };
    case 'SigningKey': return { className: 'EndpointAuthRead.SigningKey' };
    case 'PublicKeySignature': return { className: 'EndpointAuthRead.PublicKeySignature' };
    default: return { className: 'EndpointAuthRead.Unknown' };
  }
}

export function renderApp(state: State, a: AppRecord): Record<string, unknown> {
  const ownerUser = a.owner.kind === 'user' ? state.usersById.get(a.owner.id) : undefined;
  const ownerApp = a.owner.kind === 'app' ? state.apps.get(a.owner.id) : undefined;
  const hasAuth = a.appLevelAuth !== null || a.hasVerificationToken || a.sslKeystoreAuth !== null;
  return {
    id: a.id,
    owner: ownerUser ? renderProfile(ownerUser) : null,
    ownerApp: ownerApp ? appStub(ownerApp) : null,
    clientId: a.clientId,
    name: a.name,
    email: a.email,
    picture: a.pictureAttachmentId,
    defaultExternalPicture: a.defaultExternalPicture,
    createdAt: a.createdAt,
    kind: null,
    presentableName: a.name,
    applicationType: 'Application',
    clientCredentialsFlowEnabled: a.clientCredentialsFlowEnabled,
    codeFlowEnabled: a.codeFlowEnabled,
    codeFlowRedirectURIs: a.codeFlowRedirectURIs,
    pkceRequired: a.pkceRequired,
    implicitFlowEnabled: a.implicitFlowEnabled,
    implicitFlowRedirectURIs: a.implicitFlowRedirectURIs,
    endpointURI: a.endpointUri,
    hasVerificationToken: a.hasVerificationToken,
    hasSigningKey: a.hasSigningKey,
    hasPublicKeySignature: a.hasPublicKeySignature,
    endpointSslVerification: a.endpointSslVerification,
    basicAuthUsername: a.basicAuthUsername,
    hasBearerToken: a.bearerAuthToken !== null,
    sslKeystoreAuth: a.sslKeystoreAuth,
    archived: a.archived,
    contexts: [],
    patterns: [],
    description: a.description,
    metadata: null,
    settings: {
      clientCredentialsFlowEnabled: a.clientCredentialsFlowEnabled,
      codeFlowEnabled: a.codeFlowEnabled,
      codeFlowRedirectURIs: a.codeFlowRedirectURIs,
      pkceRequired: a.pkceRequired,
      implicitFlowEnabled: a.implicitFlowEnabled,
      implicitFlowRedirectURIs: a.implicitFlowRedirectURIs,
      endpoint: a.endpointUri === null ? null : { url: a.endpointUri, sslVerification: a.endpointSslVerification ?? true },
      endpointAuth: hasAuth
        ? {
            appLevelAuth: endpointAuthRead(a),
            sslKeystore: a.sslKeystoreAuth === null ? null : { sslKeystore: a.sslKeystoreAuth },
            verificationToken: a.hasVerificationToken,
          }
        : null,
      externalIssueTrackerDomain: null,
    },
    domains: [],
  };
}

export function renderPrincipal(state: State, p: PrincipalRef): Record<string, unknown> {
  if (p.kind === 'user') {
    const u = state.usersById.get(p.id);
    if (u) return { name: `${u.firstName} ${u.lastName}`, details: { className: 'CUserPrincipalDetails', user: renderProfile(u) } };
  } else {
    const a = state.apps.get(p.id);
    if (a) return { name: a.name, details: { className: 'CApplicationPrincipalDetails', app: appStub(a) } };
  }
  return { name: p.id, details: null };
}

export function contextTargetName(ctx: Context): string {
  return ctx.kind === 'global' ? 'Global' : ctx.kind === 'project' ? ctx.project.name : ctx.channel;
}

/** RightDTO; `rightCode` is sent as the plain code string (Space HTTP API). */
export function renderRight(state: State, code: string, rec: RightRecord | undefined, targetName: string, editable: boolean, status?: RightStatus): Record<string, unknown> {
  const cat = rightsCatalog().get(code);
  const out: Record<string, unknown> = {
    rightCode: code,
    name: cat?.name ?? code,
    group: cat?.group ?? code.split('.')[0] ?? code,
    description: cat?.name ?? code,
    targetName,
    editable,
    status: status ?? rec?.status ?? 'NONE',
    dependencies: [],
  };
  if (rec) {
    out.modificationAuthor = renderPrincipal(state, rec.by);
    out.modificationTimestamp = rec.at;
  }
  return out;
}
