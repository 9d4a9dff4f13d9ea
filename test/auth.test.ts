// Who may open the duty page: a duty token (the embedded default) or a Microsoft Entra ID token
// (production, from Teams single sign-on). Entra tokens are checked against keys served by a fake
// key set (JWKS) on loopback, signed here with locally made keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../bot/auth/audit.ts';
import { DutyTokenAuthenticator } from '../bot/auth/duty-token.ts';
import { EntraAuthenticator } from '../bot/auth/entra.ts';
import { sqliteAt } from './helpers/db.ts';
import { AUDIENCE, type FakeEntra, startFakeEntra, TENANT } from './helpers/entra.ts';

let fake: FakeEntra;
beforeAll(async () => {
  fake = await startFakeEntra();
});
afterAll(() => fake.stop());

const token: FakeEntra['token'] = (claims, opts) => fake.token(claims, opts);

describe('Entra ID tokens (Teams single sign-on)', () => {
  const entra = (extra: Partial<ConstructorParameters<typeof EntraAuthenticator>[0]> = {}) =>
    new EntraAuthenticator({ tenantId: TENANT, audience: [AUDIENCE], jwksUri: fake.jwksUrl, ...extra });

  it('accept a token from the tenant, for this app, signed by a published key, and name its holder', async () => {
    const p = await entra().verify(`Bearer ${await token()}`);
    expect(p).toEqual({ id: 'entra:user-oid-1', name: 'Alex Duty', via: 'entra' });
    expect(fake.requests()).toBeGreaterThan(0);
  });

  it('accept the v1 issuer form as well as v2', async () => {
    await expect(entra().verify(`Bearer ${await token({}, { iss: `https://sts.windows.net/${TENANT}/` })}`)).resolves.toMatchObject({ id: 'entra:user-oid-1' });
  });

  const refused: [string, () => Promise<string>, RegExp, Partial<ConstructorParameters<typeof EntraAuthenticator>[0]>?][] = [
    ['signed by a key the tenant did not publish', () => token({}, { key: fake.otherKey }), /JWS|signature|key/i],
    ['for another app (audience)', () => token({}, { aud: 'api://someone-else' }), /aud/i],
    ['from another issuer', () => token({}, { iss: 'https://login.microsoftonline.com/evil/v2.0' }), /iss/i],
    ['from another tenant, even with a matching issuer', () => token({ tid: 'other-tenant' }), /another tenant/],
    ['expired', () => token({}, { exp: Math.floor(Date.now() / 1000) - 3600 }), /exp/i],
    ['naming no user', () => token({ oid: '' }), /oid|names no user/i],
    ['lacking the duty role when one is required', () => token({ roles: ['Reader'] }), /lacks the role/, { requiredRole: 'Duty.ReadWrite' }],
    ['with an unknown key id', () => token({}, { kid: 'nope' }), /key|JWKS/i],
  ];
  for (const [what, make, reason, extra] of refused) {
    it(`refuse a token ${what}`, async () => {
      const auth = entra(extra);
      await expect(auth.verify(`Bearer ${await make()}`)).rejects.toThrow(reason);
      expect(await auth.authenticate(`Bearer ${await make()}`)).toBeNull();
    });
  }

  it('accept a token carrying the required role', async () => {
    await expect(entra({ requiredRole: 'Duty.ReadWrite' }).verify(`Bearer ${await token({ roles: ['Duty.ReadWrite'] })}`)).resolves.toMatchObject({ name: 'Alex Duty' });
  });

  it('accept a token carrying any one of several roles, and refuse one with none of them', async () => {
    const board = entra({ requiredRole: ['Reports.Read', 'Duty.ReadWrite'] });
    await expect(board.verify(`Bearer ${await token({ roles: ['Reports.Read'] })}`)).resolves.toMatchObject({ id: 'entra:user-oid-1' });
    await expect(board.verify(`Bearer ${await token({ roles: ['Duty.ReadWrite'] })}`)).resolves.toMatchObject({ id: 'entra:user-oid-1' });
    await expect(board.verify(`Bearer ${await token({ roles: ['Reader'] })}`)).rejects.toThrow(/lacks the role Reports.Read or Duty.ReadWrite/);
  });

  it('refuse no token, a malformed header, or a token that is not a JWT', async () => {
    for (const h of [undefined, '', 'Basic abc', 'Bearer', 'Bearer not.a.jwt']) expect(await entra().authenticate(h)).toBeNull();
  });
});

describe('the duty token (embedded default)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'auth-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated at first start, shown once, stored only as a hash, and works', async () => {
    const db = await sqliteAt(dir, 'gen.sqlite');
    const shown: string[] = [];
    const auth = await DutyTokenAuthenticator.open(db, { announce: (t) => shown.push(t) });
    expect(shown).toHaveLength(1);
    const stored = db.raw.prepare('SELECT * FROM auth_token').all() as Array<Record<string, unknown>>;
    expect(JSON.stringify(stored.map((r) => ({ ...r, hash: Buffer.from(r.hash as Uint8Array).toString('base64') })))).not.toContain(shown[0]);
    expect(await auth.authenticate(`Bearer ${shown[0]}`, { name: 'Jo <b>Bloggs</b>' })).toMatchObject({ name: 'Jo bBloggsb (duty token)', via: 'duty-token' });
    expect(await auth.authenticate(`Bearer ${shown[0]}x`)).toBeNull();
    expect(await auth.authenticate(undefined)).toBeNull();
    // A restart does not show or change it.
    await DutyTokenAuthenticator.open(db, { announce: (t) => shown.push(t) });
    expect(shown).toHaveLength(1);
    expect(await auth.authenticate(`Bearer ${shown[0]}`)).not.toBeNull();
    await db.close();
  });

  it('from DUTY_TOKEN replaces a generated one (rotating it revokes the old)', async () => {
    const db = await sqliteAt(dir, 'env.sqlite');
    const shown: string[] = [];
    await DutyTokenAuthenticator.open(db, { announce: (t) => shown.push(t) });
    const auth = await DutyTokenAuthenticator.open(db, { configuredToken: 'a-duty-token-chosen-by-the-council', announce: (t) => shown.push(t) });
    expect(shown).toHaveLength(1);
    expect(await auth.authenticate('Bearer a-duty-token-chosen-by-the-council')).not.toBeNull();
    expect(await auth.authenticate(`Bearer ${shown[0]}`)).toBeNull();
    await db.close();
  });
});

describe('the audit log', () => {
  it('is append-only: the database itself refuses to change or delete an entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const db = await sqliteAt(dir);
    const audit = new AuditLog(db);
    await audit.record('token:abc', 'view-handoff', 'HX-7K3-9RE', { via: 'duty-page' });
    // The driver's words are kept as the cause (the service logs only the error's name).
    const refused = { cause: { message: expect.stringMatching(/append-only/) } };
    await expect(db.run("UPDATE audit_log SET actor = 'someone else'")).rejects.toMatchObject(refused);
    await expect(db.run('DELETE FROM audit_log')).rejects.toMatchObject(refused);
    expect(await audit.entries()).toMatchObject([{ actor: 'token:abc', action: 'view-handoff', reference: 'HX-7K3-9RE', detail: { via: 'duty-page' } }]);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
