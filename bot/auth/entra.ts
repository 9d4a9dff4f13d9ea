// Production authentication: Microsoft Entra ID access tokens, as a Teams tab gets them through
// Teams single sign-on (teams-js authentication.getAuthToken) or a web page through MSAL. The
// token's signature is checked against the tenant's published keys (JWKS), then its claims:
// issuer (v1 or v2 endpoint of the configured tenant), audience (this app), tenant id, expiry,
// and optionally an app role a duty worker must hold. Anything else is refused.
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { type Authenticator, type Principal, bearerToken } from './principal.ts';

export interface EntraOptions {
  tenantId: string;
  /** The app's Application ID URI and/or client id: what `aud` must be. */
  audience: string[];
  /** Defaults to the tenant's v2 key set. */
  jwksUri?: string;
  /** Defaults to the tenant's v1 and v2 issuers. */
  issuers?: string[];
  /**
   * When set, the token's `roles` must include it (an app role assigned to the duty team), or one
   * of them when a list is given (the board reports: the reports role or the duty role).
   */
  requiredRole?: string | readonly string[];
  clockToleranceSeconds?: number;
}

export function entraDefaults(tenantId: string): { jwksUri: string; issuers: string[] } {
  return {
    jwksUri: `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`,
    issuers: [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
  };
}

/** Why a token was refused: for tests and the debug log, never shown to the caller. */
export class TokenRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenRefused';
  }
}

export class EntraAuthenticator implements Authenticator {
  readonly scheme = 'entra' as const;
  readonly #opts: EntraOptions;
  readonly #keys: JWTVerifyGetKey;
  readonly #issuers: string[];

  constructor(opts: EntraOptions, keys?: JWTVerifyGetKey) {
    this.#opts = opts;
    const defaults = entraDefaults(opts.tenantId);
    this.#issuers = opts.issuers ?? defaults.issuers;
    this.#keys = keys ?? createRemoteJWKSet(new URL(opts.jwksUri ?? defaults.jwksUri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }

  async authenticate(authorization: string | undefined): Promise<Principal | null> {
    try {
      return await this.verify(authorization);
    } catch {
      return null;
    }
  }

  /** As authenticate, but says why a token is refused. */
  async verify(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) throw new TokenRefused('no bearer token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#keys, {
        issuer: this.#issuers,
        audience: this.#opts.audience,
        algorithms: ['RS256'],
        clockTolerance: this.#opts.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'iat', 'tid', 'oid'],
      }));
    } catch (err) {
      const e = err as { name?: string; code?: string; claim?: string };
      throw new TokenRefused(`${e.name ?? 'invalid token'}: ${e.code ?? ''}${e.claim ? ` (claim ${e.claim})` : ''}`);
    }
    return this.principalFrom(payload);
  }

  /** The claims checks beyond signature, issuer, audience and expiry. */
  principalFrom(payload: JWTPayload): Principal {
    if (payload.tid !== this.#opts.tenantId) throw new TokenRefused('token is from another tenant');
    const oid = payload.oid;
    if (typeof oid !== 'string' || !oid) throw new TokenRefused('token names no user (oid)');
    if (this.#opts.requiredRole) {
      const wanted = [this.#opts.requiredRole].flat();
      const roles = Array.isArray(payload.roles) ? payload.roles : [];
      if (!wanted.some((r) => roles.includes(r))) throw new TokenRefused(`token lacks the role ${wanted.join(' or ')}`);
    }
    const name = [payload.name, payload.preferred_username, payload.upn].find((v): v is string => typeof v === 'string' && v !== '') ?? oid;
    return { id: `entra:${oid}`, name, via: 'entra' };
  }
}
