// Who is calling a protected page or API. Shared by the duty page and (issue 6) the board reports.
export interface Principal {
  /** Stable id for the audit log: "entra:<object id>" or "token:<token id>". */
  id: string;
  /** The name shown to people and written beside actions. */
  name: string;
  via: 'entra' | 'duty-token' | 'board-token';
}

export interface Authenticator {
  readonly scheme: 'entra' | 'duty-token' | 'board-token' | 'any';
  /** The principal for a request's Authorization header, or null when it proves nothing. */
  authenticate(authorization: string | undefined, hints?: { name?: string }): Promise<Principal | null>;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(authorization ?? '');
  return m?.[1];
}

/** A self-declared display name, trimmed and bounded, for token holders (the token names no person). */
export function declaredName(name: string | undefined): string | undefined {
  const cleaned = (name ?? '').replace(/[^\p{L}\p{M}\p{N} .'’-]/gu, '').replace(/\s+/g, ' ').trim().slice(0, 80);
  return cleaned || undefined;
}

/** The first of several authenticators that accepts the request (the reports: board or duty sign-in). */
export function anyOf(...authenticators: Authenticator[]): Authenticator {
  return {
    scheme: 'any',
    async authenticate(authorization, hints) {
      for (const a of authenticators) {
        const p = await a.authenticate(authorization, hints);
        if (p) return p;
      }
      return null;
    },
  };
}
