/**
 * Zod schema of a CDS Hooks 2.0 card and service response (https://cds-hooks.hl7.org/2.0/#card-attributes).
 * Besides the shape it enforces the specification's JSON rules: no null values, no empty arrays
 * (an optional array is omitted rather than sent empty), no empty objects, no blank required strings,
 * `selectionBehavior` whenever there are suggestions, and a `display` on every override reason.
 * These rules apply inside action resources too.
 */
import { z } from 'zod';

/** A required string: not empty and not only whitespace. */
const text = z.string().refine((s) => s.trim().length > 0, { message: 'must not be empty or blank' });
const absoluteUrl = z.url({ message: 'must be an absolute URL' });

/** CDS Hooks `extension`: an object the service and client agree on, never empty. */
const extension = z.record(z.string(), z.unknown()).optional();

export const cdsCodingSchema = z.strictObject({
  system: text,
  code: text,
  display: text.optional(),
});

export const cdsOverrideReasonSchema = z.strictObject({
  system: text,
  code: text,
  display: text,
});

export const cdsSourceSchema = z.strictObject({
  label: text,
  url: absoluteUrl.optional(),
  icon: absoluteUrl.optional(),
  topic: cdsCodingSchema.optional(),
});

export const cdsActionSchema = z
  .strictObject({
    type: z.enum(['create', 'update', 'delete']),
    description: text,
    resource: z
      .record(z.string(), z.unknown())
      .refine((r) => typeof r.resourceType === 'string' && r.resourceType.length > 0, {
        message: 'a FHIR resource needs a resourceType',
      })
      .optional(),
    resourceId: text.optional(),
    extension,
  })
  .superRefine((action, ctx) => {
    if ((action.type === 'create' || action.type === 'update') && !action.resource) {
      ctx.addIssue({
        code: 'custom',
        path: ['resource'],
        message: `a ${action.type} action needs a resource`,
      });
    }
  });

export const cdsSuggestionSchema = z.strictObject({
  label: text,
  uuid: text.optional(),
  isRecommended: z.boolean().optional(),
  actions: z.array(cdsActionSchema).min(1).optional(),
  extension,
});

export const cdsLinkSchema = z
  .strictObject({
    label: text,
    url: absoluteUrl,
    type: z.enum(['absolute', 'smart']),
    appContext: text.optional(),
    extension,
  })
  .superRefine((link, ctx) => {
    if (link.appContext !== undefined && link.type !== 'smart') {
      ctx.addIssue({
        code: 'custom',
        path: ['appContext'],
        message: 'appContext is only valid on smart links',
      });
    }
  });

export const cdsCardSchema = z
  .strictObject({
    uuid: text.optional(),
    summary: text.refine((s) => s.length < 140, { message: 'summary must be shorter than 140 characters' }),
    detail: text.optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source: cdsSourceSchema,
    suggestions: z.array(cdsSuggestionSchema).min(1).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z.array(cdsOverrideReasonSchema).min(1).optional(),
    links: z.array(cdsLinkSchema).min(1).optional(),
    extension,
  })
  .superRefine((card, ctx) => {
    if (card.suggestions && !card.selectionBehavior) {
      ctx.addIssue({
        code: 'custom',
        path: ['selectionBehavior'],
        message: 'selectionBehavior is required when suggestions are present',
      });
    }
    if (card.selectionBehavior === 'at-most-one') {
      const recommended = (card.suggestions ?? []).filter((s) => s.isRecommended).length;
      if (recommended > 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['suggestions'],
          message: 'with at-most-one selection, at most one suggestion may be recommended',
        });
      }
    }
    for (const problem of jsonProblems(card, [])) ctx.addIssue({ code: 'custom', ...problem });
  });

export const cdsResponseSchema = z.strictObject({
  cards: z.array(cdsCardSchema),
  systemActions: z.array(cdsActionSchema).min(1).optional(),
});

export type CdsCardParsed = z.infer<typeof cdsCardSchema>;
export type CdsResponse = z.infer<typeof cdsResponseSchema>;

/**
 * Walks a JSON value and reports nulls, empty arrays and empty objects anywhere, including inside
 * FHIR resources the schema only sees as records (FHIR forbids them as well).
 */
function jsonProblems(
  value: unknown,
  path: (string | number)[],
): { path: (string | number)[]; message: string }[] {
  if (value === null) return [{ path, message: 'null values are not allowed (omit the key)' }];
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ path, message: 'empty arrays are not allowed (omit the key)' }];
    return value.flatMap((item, i) => jsonProblems(item, [...path, i]));
  }
  if (typeof value === 'object') {
    // Keys holding undefined vanish in JSON, so they do not make an object non-empty.
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return [{ path, message: 'empty objects are not allowed (omit the key)' }];
    return entries.flatMap(([key, item]) => jsonProblems(item, [...path, key]));
  }
  return [];
}
