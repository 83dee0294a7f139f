/** FHIR R4 Bundle: entries (validated one by one later), search mode, paging links. */
import { z } from 'zod';
import { resourceBase } from './datatypes.js';

export const bundleEntrySchema = z.object({
  fullUrl: z.string().optional(),
  resource: z.unknown().optional(),
  search: z.object({ mode: z.string().optional() }).optional(),
  response: z.object({ status: z.string().optional(), outcome: z.unknown().optional() }).optional(),
});

export const bundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  ...resourceBase,
  type: z.string().optional(),
  total: z.number().optional(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).optional(),
  entry: z.array(bundleEntrySchema).optional(),
});

export type FhirBundle = z.infer<typeof bundleSchema>;
export type FhirBundleEntry = z.infer<typeof bundleEntrySchema>;
