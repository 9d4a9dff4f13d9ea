// The embedded default's authentication: bearer tokens, one per purpose. The duty token opens the
// duty page (every case) and the board reports; the board token opens the board reports only, so
// the partnership board never holds a key to a child's details. Each is taken from configuration
// (DUTY_TOKEN, BOARD_TOKEN) when set; otherwise generated at first start and shown once (the
// caller prints it). Only its SHA-256 is stored: the token is 32 random bytes, so a fast hash is
// enough, and a stolen database does not give the token away. Comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { type Authenticator, type Principal, bearerToken, declaredName } from './principal.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Each purpose keeps its tokens in its own table, so rotating one never revokes the other. */
const PURPOSES = {
  duty: { table: 'auth_token', via: 'duty-token', holder: 'Duty token holder', label: 'duty token' },
  board: { table: 'board_token', via: 'board-token', holder: 'Board token holder', label: 'board token' },
} as const;
export type TokenPurpose = keyof typeof PURPOSES;

export class TokenAuthenticator implements Authenticator {
  readonly scheme: 'duty-token' | 'board-token';
  readonly #db: DatabaseSync;
  readonly #purpose: (typeof PURPOSES)[TokenPurpose];

  /**
   * `announce` receives a generated token, once, the first time the service starts without one.
   */
  constructor(db: DatabaseSync, opts: { purpose?: TokenPurpose; configuredToken?: string; announce: (token: string) => void; now?: () => Date }) {
    this.#db = db;
    this.#purpose = PURPOSES[opts.purpose ?? 'duty'];
    this.scheme = this.#purpose.via;
    const table = this.#purpose.table;
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
      id TEXT PRIMARY KEY,
      hash BLOB NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('environment', 'generated')),
      created_at TEXT NOT NULL
    )`);
    const now = (opts.now ?? (() => new Date()))().toISOString();
    if (opts.configuredToken) {
      // The environment's token replaces any earlier one: rotating it revokes the old.
      const hash = sha256(opts.configuredToken);
      db.exec(`DELETE FROM ${table}`);
      db.prepare(`INSERT INTO ${table} (id, hash, source, created_at) VALUES (?, ?, ?, ?)`).run(tokenId(hash), hash, 'environment', now);
    } else if (!db.prepare(`SELECT 1 FROM ${table}`).get()) {
      const token = randomBytes(32).toString('base64url');
      const hash = sha256(token);
      db.prepare(`INSERT INTO ${table} (id, hash, source, created_at) VALUES (?, ?, ?, ?)`).run(tokenId(hash), hash, 'generated', now);
      opts.announce(token);
    }
  }

  async authenticate(authorization: string | undefined, hints: { name?: string } = {}): Promise<Principal | null> {
    const token = bearerToken(authorization);
    if (!token) return null;
    const given = sha256(token);
    const rows = this.#db.prepare(`SELECT id, hash FROM ${this.#purpose.table}`).all() as Array<{ id: string; hash: Uint8Array }>;
    const match = rows.find((r) => r.hash.length === given.length && timingSafeEqual(Buffer.from(r.hash), given));
    if (!match) return null;
    const name = declaredName(hints.name);
    return { id: `token:${match.id}`, name: name ? `${name} (${this.#purpose.label})` : this.#purpose.holder, via: this.#purpose.via };
  }
}

/** The duty token (kept under its old name: tests and callers build it directly). */
export class DutyTokenAuthenticator extends TokenAuthenticator {
  constructor(db: DatabaseSync, opts: { configuredToken?: string; announce: (token: string) => void; now?: () => Date }) {
    super(db, { ...opts, purpose: 'duty' });
  }
}

/** A short, non-secret id for a token (from its hash), so the audit log can tell tokens apart. */
function tokenId(hash: Buffer): string {
  return createHash('sha256').update(hash).digest('hex').slice(0, 10);
}
