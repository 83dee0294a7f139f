/**
 * What the EHR says it can do (`GET /metadata`): which interactions each resource type supports, and
 * who made the server (Oracle advertises MedicationRequest create, but only for reported home
 * medications, never for an order or a proposal).
 */
import { z } from 'zod';

const capabilityStatementSchema = z.looseObject({
  resourceType: z.literal('CapabilityStatement'),
  publisher: z.string().optional(),
  software: z.looseObject({ name: z.string().optional() }).optional(),
  implementation: z.looseObject({ description: z.string().optional() }).optional(),
  rest: z
    .array(
      z.looseObject({
        mode: z.string().optional(),
        interaction: z.array(z.looseObject({ code: z.string() })).optional(),
        resource: z
          .array(
            z.looseObject({
              type: z.string(),
              interaction: z.array(z.looseObject({ code: z.string() })).optional(),
              conditionalCreate: z.boolean().optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

export type ServerVendor = 'epic' | 'oracle' | 'other';

export interface ServerCapabilities {
  vendor: ServerVendor;
  /** Resource type → interaction codes (`read`, `search-type`, `create`, …). */
  interactions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Types whose create honours `If-None-Exist` (CapabilityStatement `conditionalCreate: true`). */
  conditionalCreate: ReadonlySet<string>;
  /** Whole-system interactions (`transaction`, `batch`, …). */
  system: ReadonlySet<string>;
}

function vendorOf(names: string): ServerVendor {
  if (/\bepic\b/i.test(names)) return 'epic';
  if (/oracle|cerner|millennium/i.test(names)) return 'oracle';
  return 'other';
}

/** Undefined when the answer is not a CapabilityStatement: the caller then assumes nothing is writable. */
export function parseCapabilities(raw: unknown): ServerCapabilities | undefined {
  const parsed = capabilityStatementSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const statement = parsed.data;
  const interactions = new Map<string, Set<string>>();
  const conditionalCreate = new Set<string>();
  const system = new Set<string>();
  for (const rest of statement.rest ?? []) {
    if (rest.mode !== undefined && rest.mode !== 'server') continue;
    for (const interaction of rest.interaction ?? []) system.add(interaction.code);
    for (const resource of rest.resource ?? []) {
      const codes = interactions.get(resource.type) ?? new Set<string>();
      for (const interaction of resource.interaction ?? []) codes.add(interaction.code);
      interactions.set(resource.type, codes);
      if (resource.conditionalCreate === true) conditionalCreate.add(resource.type);
    }
  }
  const names = [statement.publisher, statement.software?.name, statement.implementation?.description].join(
    ' ',
  );
  return { vendor: vendorOf(names), interactions, conditionalCreate, system };
}

export function supportsInteraction(
  capabilities: ServerCapabilities | undefined,
  resourceType: string,
  interaction: string,
): boolean {
  return capabilities?.interactions.get(resourceType)?.has(interaction) ?? false;
}
