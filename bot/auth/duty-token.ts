// The embedded default's authentication: one duty token. Taken from DUTY_TOKEN when set;
// otherwise generated at first start and shown once (the caller prints it). Only its SHA-256 is
// stored: the token is 32 random bytes, so a fast hash is enough, and a stolen database does not
// give the token away. Comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { type Authenticator, type Principal, bearerToken, declaredName } from './principal.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export class DutyTokenAuthenticator implements Authenticator {
  readonly scheme = 'duty-token' as const;
  readonly #db: DatabaseSync;

  /**
   * `announce` receives a generated token, once, the first time the service starts without one.
   */
  constructor(db: DatabaseSync, opts: { configuredToken?: string; announce: (token: string) => void; now?: () => Date }) {
    this.#db = db;
    db.exec(`CREATE TABLE IF NOT EXISTS auth_token (
      id TEXT PRIMARY KEY,
      hash BLOB NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('environment', 'generated')),
      created_at TEXT NOT NULL
    )`);
    const now = (opts.now ?? (() => new Date()))().toISOString();
    if (opts.configuredToken) {
      // The environment's token replaces any earlier one: rotating DUTY_TOKEN revokes the old.
      const hash = sha256(opts.configuredToken);
      db.exec('DELETE FROM auth_token');
      db.prepare('INSERT INTO auth_token (id, hash, source, created_at) VALUES (?, ?, ?, ?)').run(tokenId(hash), hash, 'environment', now);
    } else if (!db.prepare(`SELECT 1 FROM auth_token`).get()) {
      const token = randomBytes(32).toString('base64url');
      const hash = sha256(token);
      db.prepare('INSERT INTO auth_token (id, hash, source, created_at) VALUES (?, ?, ?, ?)').run(tokenId(hash), hash, 'generated', now);
      opts.announce(token);
    }
  }

  async authenticate(authorization: string | undefined, hints: { name?: string } = {}): Promise<Principal | null> {
    const token = bearerToken(authorization);
    if (!token) return null;
    const given = sha256(token);
    const rows = this.#db.prepare('SELECT id, hash FROM auth_token').all() as Array<{ id: string; hash: Uint8Array }>;
    const match = rows.find((r) => r.hash.length === given.length && timingSafeEqual(Buffer.from(r.hash), given));
    if (!match) return null;
    const name = declaredName(hints.name);
    return { id: `token:${match.id}`, name: name ? `${name} (duty token)` : 'Duty token holder', via: 'duty-token' };
  }
}

/** A short, non-secret id for a token (from its hash), so the audit log can tell tokens apart. */
function tokenId(hash: Buffer): string {
  return createHash('sha256').update(hash).digest('hex').slice(0, 10);
}
