/**
 * What the EHR says it can do (`GET /metadata`): which interactions each resource type supports, and
 * who made the server (Oracle advertises MedicationRequest create, but only for reported home
 * medications, never for an order or a proposal).
 */
import { z } from '../zod.js';

const capabilityStatementSchema = z.looseObject({
  resourceType: z.literal('CapabilityStatement'),
  publisher: z.optional(z.string()),
  software: z.optional(z.looseObject({ name: z.optional(z.string()) })),
  implementation: z.optional(z.looseObject({ description: z.optional(z.string()) })),
  rest: z.optional(
    z.array(
      z.looseObject({
        mode: z.optional(z.string()),
        interaction: z.optional(z.array(z.looseObject({ code: z.string() }))),
        resource: z.optional(
          z.array(
            z.looseObject({
              type: z.string(),
              interaction: z.optional(z.array(z.looseObject({ code: z.string() }))),
              conditionalCreate: z.optional(z.boolean()),
            }),
          ),
        ),
      }),
    ),
  ),
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
