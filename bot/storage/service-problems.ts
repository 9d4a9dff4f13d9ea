// Problems practitioners report with a directory entry ("the number is wrong", "it has closed"),
// kept for the council that maintains the pack. Each gets a reference to quote. The details are
// stored as typed, because the council needs them, but never logged.
import { randomInt } from 'node:crypto';
import { isUniqueViolation, type Sql } from './sql.ts';

export const PROBLEM_KINDS = ['contact-details-wrong', 'service-closed', 'details-out-of-date', 'wrong-ages-or-area', 'other'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface ServiceProblem {
  locality: string;
  serviceId: string;
  serviceName: string;
  kind: ProblemKind;
  details: string;
}

export interface StoredServiceProblem extends ServiceProblem {
  reference: string;
  reportedAt: string;
  status: 'open' | 'resolved';
}

export interface ServiceProblemStore {
  /** Stores the report durably and returns its reference. */
  add(problem: ServiceProblem): Promise<string>;
  list(filter?: { status?: 'open' | 'resolved' }): Promise<StoredServiceProblem[]>;
}

// Crockford's base32 without I, L, O and U: a reference read over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const newReference = () => `SP-${Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;

export function createServiceProblemStore(db: Sql, now: () => Date = () => new Date()): ServiceProblemStore {
  return {
    async add(p) {
      for (let attempt = 0; ; attempt++) {
        const reference = newReference();
        try {
          await db.run(
            'INSERT INTO service_problems (reference, reported_at, locality, service_id, service_name, kind, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [reference, now().toISOString(), p.locality, p.serviceId, p.serviceName, p.kind, p.details],
          );
          return reference;
        } catch (err) {
          // A clash of references is astronomically rare; anything else is a real failure.
          if (attempt >= 4 || !isUniqueViolation(err)) throw err;
        }
      }
    },
    async list(filter = {}) {
      const rows = await db.all(
        `SELECT reference, reported_at, locality, service_id, service_name, kind, details, status FROM service_problems
         ${filter.status ? 'WHERE status = ?' : ''} ORDER BY reported_at, reference`,
        filter.status ? [filter.status] : [],
      );
      return rows.map((r) => ({
        reference: String(r.reference),
        reportedAt: String(r.reported_at),
        locality: String(r.locality),
        serviceId: String(r.service_id),
        serviceName: String(r.service_name),
        kind: String(r.kind) as ProblemKind,
        details: String(r.details),
        status: String(r.status) as 'open' | 'resolved',
      }));
    },
  };
}
