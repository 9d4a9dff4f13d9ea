// A stand-in for the Bot Framework's side of a bot with an app id, at the edges we cannot reach
// from here, on loopback:
// - the OpenID metadata and signing keys channels' tokens are checked against (the real adapter
//   reads them from `BotOpenIdMetadata`, the SDK's own setting), with tokens signed here as the
//   Bot Connector signs them (issuer https://api.botframework.com, audience the app id, the
//   activity's serviceUrl as a claim, keys endorsed for the channels);
// - a managed identity token endpoint as Azure App Service offers one (IDENTITY_ENDPOINT and
//   IDENTITY_HEADER, read by the SDK for MicrosoftAppType=UserAssignedMSI), so the bot's own
//   proactive posts carry a real bearer token through the real credentials code.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const APP_ID = '6a3c4f5e-0b1d-4c2e-9f80-7d6e5c4b3a21';
export const APP_TENANT = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

export interface FakeBotFramework {
  /** For BotOpenIdMetadata. */
  openIdMetadataUrl: string;
  /** Environment for the bot: app id, type, tenant, metadata and the managed identity endpoint. */
  env: Record<string, string>;
  /** A channel token for an activity posted to `serviceUrl`. */
  token(serviceUrl: string, opts?: { key?: CryptoKey; aud?: string; iss?: string }): Promise<string>;
  /** A key Bot Framework never published. */
  otherKey: CryptoKey;
  /** Managed identity tokens handed out. */
  identityTokens(): number;
  stop(): Promise<void>;
}

export async function startFakeBotFramework(): Promise<FakeBotFramework> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'bf-test-key', use: 'sig', alg: 'RS256', endorsements: ['msteams', 'webchat', 'directline'] };
  let issued = 0;
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = new URL(req.url ?? '/', base);
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.pathname === '/v1/.well-known/openidconfiguration') {
      return res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    }
    if (url.pathname === '/v1/.well-known/keys') return res.end(JSON.stringify({ keys: [jwk] }));
    if (url.pathname === '/msi/token' && req.headers['x-identity-header'] === 'fake-identity-header') {
      issued++;
      return res.end(JSON.stringify({ access_token: `msi-token-${issued}`, expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource: url.searchParams.get('resource'), token_type: 'Bearer' }));
    }
    res.writeHead(404);
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    env: {
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: APP_TENANT,
      BotOpenIdMetadata: `${base}/v1/.well-known/openidconfiguration`,
      IDENTITY_ENDPOINT: `${base}/msi/token`,
      IDENTITY_HEADER: 'fake-identity-header',
    },
    token: (serviceUrl, opts = {}) =>
      new SignJWT({ serviceurl: serviceUrl })
        .setProtectedHeader({ alg: 'RS256', kid: 'bf-test-key', typ: 'JWT' })
        .setIssuer(opts.iss ?? 'https://api.botframework.com')
        .setAudience(opts.aud ?? APP_ID)
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime('1h')
        .sign(opts.key ?? pair.privateKey),
    otherKey,
    identityTokens: () => issued,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
