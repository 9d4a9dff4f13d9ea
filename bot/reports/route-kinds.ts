// Which kind of route each area's route is, for the board's "consultations by route" figures: a
// CAF or early help assessment recommended, a direct referral to a single service, the duty team.
// Data (route-kinds.json) a council extends when it adds a route; a route not listed there is
// counted by its level, and at level 3 as "another early help route" rather than as an
// assessment, so an unlisted route can never inflate the CAF/EHA figure.
import { z } from 'zod';
import data from './route-kinds.json' with { type: 'json' };

const KIND_IDS = ['universal', 'single-agency', 'early-help-assessment', 'other-early-help', 'duty'] as const;
export type RouteKind = (typeof KIND_IDS)[number];
const Kind = z.enum(KIND_IDS);

const RouteKinds = z.strictObject({
  kinds: z
    .array(z.strictObject({ id: Kind, label: z.string().min(1), chart: z.string().min(1).max(18) }))
    .refine((k) => k.map((x) => x.id).join() === KIND_IDS.join(), { message: `list each kind once, in the order ${KIND_IDS.join(', ')}` }),
  routes: z.record(z.string(), z.record(z.string(), Kind)),
});

const parsed = RouteKinds.parse(data);
export const ROUTE_KINDS: readonly { id: RouteKind; label: string; chart: string }[] = parsed.kinds;

const BY_LEVEL: Record<number, RouteKind> = { 1: 'universal', 2: 'single-agency', 3: 'other-early-help', 4: 'duty' };

/** Whether route-kinds.json names this route (a test holds every pack's routes to it). */
export const isClassified = (locality: string, route: string) => parsed.routes[locality]?.[route] !== undefined;

export function routeKind(locality: string, route: string, level: number): RouteKind {
  return parsed.routes[locality]?.[route] ?? BY_LEVEL[level] ?? 'other-early-help';
}
