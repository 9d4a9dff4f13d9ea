// The 2016 themed review of early help (seed 002) in its own words: the measures the board looks
// at, quoted where the report names one, and what the guide cannot know. Data (review.json); a
// test holds every quote to the seed's text.
import { z } from 'zod';
import data from './review.json' with { type: 'json' };

const Quote = z.strictObject({ section: z.string().min(1), quote: z.string().min(1), also: z.string().min(1).optional() });
const MEASURES = ['consultations-by-route', 'consultations-by-role', 'outcomes-by-level', 'handoffs', 'directory-misses', 'repeat-consultations', 'practitioner-feedback'] as const;
export type ReviewMeasure = (typeof MEASURES)[number];

const Review = z.strictObject({
  source: z.strictObject({ file: z.string(), title: z.string(), owner: z.string(), date: z.string() }),
  measures: z.strictObject(Object.fromEntries(MEASURES.map((m) => [m, Quote])) as Record<ReviewMeasure, typeof Quote>),
  cannotKnow: z.array(z.strictObject({ measure: z.string().min(1), section: z.string().min(1), quote: z.string().min(1), why: z.string().min(1) })).min(1),
});

export type ReviewQuote = z.infer<typeof Quote>;
export const REVIEW = Review.parse(data);
