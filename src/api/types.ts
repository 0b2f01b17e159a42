// Wire types, as Space sends them (Space HTTP API; OpenAPI ES_App, RightDTO, SshKeyData, PR_Project).
export interface MemberProfile { id: string; username?: string; name?: { firstName?: string; lastName?: string } }

export interface App {
  id: string;
  clientId: string;
  name: string;
  archived?: boolean;
  description?: string | null;
  email?: string | null;
  createdAt?: string | null;
  owner?: MemberProfile | null;
  applicationType?: string | null;
  clientCredentialsFlowEnabled?: boolean | null;
  codeFlowEnabled?: boolean | null;
  codeFlowRedirectURIs?: string | null;
  pkceRequired?: boolean | null;
  implicitFlowEnabled?: boolean | null;
  implicitFlowRedirectURIs?: string | null;
  /** Note the case: `endpointURI` in responses, `endpointUri` in requests. */
  endpointURI?: string | null;
  endpointSslVerification?: boolean | null;
  hasVerificationToken?: boolean | null;
  hasSigningKey?: boolean | null;
  hasPublicKeySignature?: boolean | null;
  hasBearerToken?: boolean | null;
  basicAuthUsername?: string | null;
  sslKeystoreAuth?: string | null;
  settings?: { endpointAuth?: { appLevelAuth?: { className?: string; username?: string } | null; verificationToken?: boolean } | null } | null;
}

/** The fields spacectl reads; asked for explicitly because nested ones are not expanded by default. */
export const APP_FIELDS = [
  'id', 'clientId', 'name', 'archived', 'description', 'email', 'createdAt', 'owner(id,username)', 'applicationType',
  'clientCredentialsFlowEnabled', 'codeFlowEnabled', 'codeFlowRedirectURIs', 'pkceRequired', 'implicitFlowEnabled',
  'implicitFlowRedirectURIs', 'endpointURI', 'endpointSslVerification', 'hasVerificationToken', 'hasSigningKey',
  'hasPublicKeySignature', 'hasBearerToken', 'basicAuthUsername', 'sslKeystoreAuth',
  'settings(endpointAuth(appLevelAuth,verificationToken))',
].join(',');
export const APP_SUMMARY_FIELDS = 'id,clientId,name,archived';

/** POST /applications body (Space HTTP API). `appLevelAuth` is a className object here, unlike PATCH. */
export interface CreateAppBody {
  name: string;
  description?: string;
  email?: string;
  clientCredentialsFlowEnabled?: boolean;
  codeFlowEnabled?: boolean;
  codeFlowRedirectURIs?: string;
  pkceRequired?: boolean;
  implicitFlowEnabled?: boolean;
  implicitFlowRedirectURIs?: string;
  endpointUri?: string;
  endpointSslVerification?: boolean;
  appLevelAuth?: { className: 'EndpointAuthCreate.SigningKey' | 'EndpointAuthCreate.PublicKeySignature' | 'EndpointAuthCreate.Bearer' | 'EndpointAuthCreate.Basic'; token?: string; username?: string; password?: string };
  hasSigningKey?: boolean;
  hasPublicKeySignature?: boolean;
}

export type AppLevelAuthKind = 'PublicKeySignature' | 'SigningKey' | 'Bearer' | 'Basic';

/** PATCH /applications/{application} body: only the fields that change (Space HTTP API). */
export interface UpdateAppBody {
  name?: string;
  description?: string;
  clientSecret?: string;
  clientCredentialsFlowEnabled?: boolean;
  codeFlowEnabled?: boolean;
  codeFlowRedirectURIs?: string | null;
  pkceRequired?: boolean;
  implicitFlowEnabled?: boolean;
  implicitFlowRedirectURIs?: string | null;
  endpointUri?: string | null;
  endpointSslVerification?: boolean;
  hasVerificationToken?: boolean;
  hasSigningKey?: boolean;
  hasPublicKeySignature?: boolean;
  appLevelAuth?: AppLevelAuthKind | null;
  basicAuthUsername?: string;
  basicAuthPassword?: string;
  bearerAuthToken?: string;
  sslKeystoreAuth?: string | null;
}

export type RightStatus = 'NONE' | 'REQUESTED' | 'GRANTED' | 'REJECTED';

export interface RightDTO {
  /** A plain string on the wire; normalised with ids.rightCodeOf() because the spec models it as an object. */
  rightCode: unknown;
  name?: string;
  group?: string;
  description?: string;
  targetName?: string;
  editable?: boolean;
  status: RightStatus;
  dependencies?: string[];
  /** CPrincipal: who last changed the status (for a REQUESTED right, the requester). */
  modificationAuthor?: { name?: string; details?: { className?: string; user?: { username?: string }; app?: { id?: string; name?: string } } | null } | null;
  modificationTimestamp?: string | null;
}

/** Who last changed a right's status, as far as the server says. */
export interface Principal { name: string; kind?: 'user' | 'app' | 'other'; username?: string }

export interface Right {
  code: string; name?: string; status: RightStatus; editable?: boolean; dependencies?: string[];
  /** Only when asked for (`{ history: true }`): RightDTO.modificationAuthor / modificationTimestamp. */
  changedBy?: Principal; changedAt?: string;
}

export interface PermissionContextApi { className: string; project?: { id?: string; key?: { key?: string } | string; name?: string }; projectId?: string }

export interface SshKeyData { fingerprint: string; sha256fingerprint?: string | null; publicKey: string; comment: string; createdAt?: string | null }

export interface Project { id: string; key: { key: string }; name: string; archived?: boolean; private?: boolean }
