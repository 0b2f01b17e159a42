// Application secrets (Space HTTP API): each GET answers a JSON string (or null), regenerate is empty.
import crypto from 'node:crypto';
import { signingKeys } from '../keys.js';
import { newSecret } from './apps.js';
import { targetApp, type Handler } from './context.js';

export const getClientSecret: Handler = (c) => targetApp(c).clientSecret;

export const regenerateClientSecret: Handler = (c) => {
  targetApp(c).clientSecret = newSecret();
  c.state.touch();
  return undefined;
};

export const getSigningKey: Handler = (c) => targetApp(c).signingKey;

export const regenerateSigningKey: Handler = (c) => {
  targetApp(c).signingKey = crypto.randomBytes(32).toString('hex');
  c.state.touch();
  return undefined;
};

export const getVerificationToken: Handler = (c) => targetApp(c).verificationToken;

export const regenerateVerificationToken: Handler = (c) => {
  targetApp(c).verificationToken = crypto.randomBytes(32).toString('hex');
  c.state.touch();
  return undefined;
};

export const getBearerToken: Handler = (c) => targetApp(c).bearerAuthToken;

/** A JSON string whose content is a JWKS document (clients parse twice, the Space HTTP API). */
export const getPublicKeys: Handler = async (c) => {
  return (await signingKeys(targetApp(c).id)).jwks;
};
