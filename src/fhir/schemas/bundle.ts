/** FHIR R4 Bundle: entries (validated one by one later), search mode, paging links. */
import { z } from '../../zod.js';
import { resourceBase } from './datatypes.js';

export const bundleEntrySchema = z.object({
  fullUrl: z.optional(z.string()),
  resource: z.optional(z.unknown()),
  search: z.optional(z.object({ mode: z.optional(z.string()) })),
  response: z.optional(z.object({ status: z.optional(z.string()), outcome: z.optional(z.unknown()) })),
});

export const bundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  ...resourceBase,
  type: z.optional(z.string()),
  total: z.optional(z.number()),
  link: z.optional(z.array(z.object({ relation: z.string(), url: z.string() }))),
  entry: z.optional(z.array(bundleEntrySchema)),
});

export type FhirBundle = z.infer<typeof bundleSchema>;
export type FhirBundleEntry = z.infer<typeof bundleEntrySchema>;
