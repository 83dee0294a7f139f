/** FHIR R4 Bundle: entries (validated one by one later), search mode, paging links. */
import { z } from 'zod';
import { resourceBase } from './datatypes.js';

export const bundleEntrySchema = z.looseObject({
  fullUrl: z.string().optional(),
  resource: z.unknown().optional(),
  search: z.looseObject({ mode: z.string().optional() }).optional(),
  response: z.looseObject({ status: z.string().optional(), outcome: z.unknown().optional() }).optional(),
});

export const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  ...resourceBase,
  type: z.string().optional(),
  total: z.number().optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
  entry: z.array(bundleEntrySchema).optional(),
});

export type FhirBundle = z.infer<typeof bundleSchema>;
export type FhirBundleEntry = z.infer<typeof bundleEntrySchema>;
