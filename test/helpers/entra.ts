// A stand-in for Microsoft Entra ID at the one edge we cannot reach: its published key set (JWKS),
// served on loopback, and access tokens signed here with a locally made key, as Teams single
// sign-on would hand them to a tab. The real authenticator checks them against it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const AUDIENCE = 'api://duty.example/00000000-aaaa-bbbb-cccc-000000000000';

export interface FakeEntra {
  jwksUrl: string;
  /** A key the tenant never published. */
  otherKey: CryptoKey;
  /** How many times the key set was fetched. */
  requests(): number;
  token(claims?: Record<string, unknown>, opts?: { key?: CryptoKey; kid?: string; exp?: string | number; iss?: string; aud?: string }): Promise<string>;
  stop(): Promise<void>;
}

export async function startFakeEntra(): Promise<FakeEntra> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', use: 'sig', alg: 'RS256' };
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/v2.0/keys`,
    otherKey,
    requests: () => requests,
    token(claims = {}, opts = {}) {
      const { tid = TENANT, oid = 'user-oid-1', name = 'Alex Duty', ...rest } = claims;
      return new SignJWT({ tid, oid, name, ...rest })
        .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'test-key' })
        .setIssuer(opts.iss ?? `https://login.microsoftonline.com/${TENANT}/v2.0`)
        .setAudience(opts.aud ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? '1h')
        .sign(opts.key ?? pair.privateKey);
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
