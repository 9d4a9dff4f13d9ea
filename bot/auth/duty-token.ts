// The embedded default's authentication: bearer tokens, one per purpose. The duty token opens the
// duty page (every case) and the board reports; the board token opens the board reports only, so
// the partnership board never holds a key to a child's details. Each is taken from configuration
// (DUTY_TOKEN, BOARD_TOKEN) when set; otherwise generated at first start and shown once (the
// caller prints it). Only its SHA-256 is stored: the token is 32 random bytes, so a fast hash is
// enough, and a stolen database does not give the token away. Comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sql } from '../storage/sql.ts';
import { type Authenticator, type Principal, bearerToken, declaredName } from './principal.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Each purpose keeps its tokens in its own table (created by the migrations), so rotating one
 * never revokes the other. Table names come from this constant only, never from input.
 */
const PURPOSES = {
  duty: { table: 'auth_token', via: 'duty-token', holder: 'Duty token holder', label: 'duty token' },
  board: { table: 'board_token', via: 'board-token', holder: 'Board token holder', label: 'board token' },
} as const;
export type TokenPurpose = keyof typeof PURPOSES;

export interface TokenOptions {
  purpose?: TokenPurpose;
  configuredToken?: string;
  announce: (token: string) => void;
  now?: () => Date;
}

export class TokenAuthenticator implements Authenticator {
  readonly scheme: 'duty-token' | 'board-token';
  readonly #db: Sql;
  readonly #purpose: (typeof PURPOSES)[TokenPurpose];

  protected constructor(db: Sql, purpose: TokenPurpose) {
    this.#db = db;
    this.#purpose = PURPOSES[purpose];
    this.scheme = this.#purpose.via;
  }

  /**
   * `announce` receives a generated token, once, the first time the service starts without one
   * (with several instances on one database, only the instance that made it).
   */
  static async open(db: Sql, opts: TokenOptions): Promise<TokenAuthenticator> {
    const purpose = opts.purpose ?? 'duty';
    await provision(db, PURPOSES[purpose].table, opts);
    return new TokenAuthenticator(db, purpose);
  }

  async authenticate(authorization: string | undefined, hints: { name?: string } = {}): Promise<Principal | null> {
    const token = bearerToken(authorization);
    if (!token) return null;
    const given = sha256(token);
    const rows = await this.#db.all<{ id: string; hash: Uint8Array }>(`SELECT id, hash FROM ${this.#purpose.table}`);
    const match = rows.find((r) => r.hash.length === given.length && timingSafeEqual(Buffer.from(r.hash), given));
    if (!match) return null;
    const name = declaredName(hints.name);
    return { id: `token:${match.id}`, name: name ? `${name} (${this.#purpose.label})` : this.#purpose.holder, via: this.#purpose.via };
  }
}

/** The duty token (kept under its old name: tests and callers build it directly). */
export class DutyTokenAuthenticator extends TokenAuthenticator {
  static override open(db: Sql, opts: Omit<TokenOptions, 'purpose'>): Promise<TokenAuthenticator> {
    return TokenAuthenticator.open(db, { ...opts, purpose: 'duty' });
  }
}

async function provision(db: Sql, table: string, opts: TokenOptions): Promise<void> {
  const now = (opts.now ?? (() => new Date()))().toISOString();
  const generated = await db.transaction(async (tx) => {
    // Two instances starting together on one PostgreSQL database must not both make a token.
    if (tx.engine === 'postgres') await tx.exec(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    if (opts.configuredToken) {
      // The environment's token replaces any earlier one: rotating it revokes the old.
      const hash = sha256(opts.configuredToken);
      await tx.run(`DELETE FROM ${table} WHERE id <> ?`, [tokenId(hash)]);
      await tx.run(`INSERT INTO ${table} (id, hash, source, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, [tokenId(hash), hash, 'environment', now]);
      return undefined;
    }
    if (await tx.get(`SELECT 1 AS present FROM ${table}`)) return undefined;
    const token = randomBytes(32).toString('base64url');
    const hash = sha256(token);
    await tx.run(`INSERT INTO ${table} (id, hash, source, created_at) VALUES (?, ?, ?, ?)`, [tokenId(hash), hash, 'generated', now]);
    return token;
  });
  if (generated) opts.announce(generated);
}

/** A short, non-secret id for a token (from its hash), so the audit log can tell tokens apart. */
function tokenId(hash: Buffer): string {
  return createHash('sha256').update(hash).digest('hex').slice(0, 10);
}
