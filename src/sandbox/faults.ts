/**
 * Error injection: the situations a real EHR produces and the app must survive (ehr-notes.md,
 * "Errors to handle explicitly"). Switched by CLI flags at start and by POST /admin/faults while
 * running.
 */
import { z } from 'zod';

export const SUPPORTED_TYPES = [
  'Patient',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'Condition',
  'AllergyIntolerance',
  'Procedure',
  'Medication',
  'DocumentReference',
  'ServiceRequest',
] as const;
export type SupportedType = (typeof SUPPORTED_TYPES)[number];

const resourceType = z.enum(SUPPORTED_TYPES);

export const faultSettingsSchema = z.strictObject({
  /** Access tokens issued from now on last this many seconds. */
  accessTokenLifetimeSeconds: z.number().int().min(1).max(86_400),
  /** The token endpoint refuses every refresh grant (invalid_grant). */
  refuseRefresh: z.boolean(),
  /** This type is left out of every grant and reading it answers 403. */
  deniedType: resourceType.nullable(),
  /** Every request for this type answers 500. */
  failingType: resourceType.nullable(),
  /** Every FHIR response is delayed by this many milliseconds. */
  slowMs: z.number().int().min(0).max(60_000),
  /** The SMART configuration advertises no PKCE method (code_challenge_methods_supported left out). */
  omitS256: z.boolean(),
  /**
   * A compromised FHIR server: every Observation search's `next` link, and one medication order's
   * medicationReference, point at this origin (which would collect the token if followed).
   */
  hostileOrigin: z
    .url({ protocol: /^https?$/ })
    .transform((url) => new URL(url).origin)
    .nullable(),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const faultPatchSchema = faultSettingsSchema.partial();
export type FaultPatch = z.infer<typeof faultPatchSchema>;

export const DEFAULT_FAULTS: FaultSettings = {
  accessTokenLifetimeSeconds: 3600,
  refuseRefresh: false,
  deniedType: null,
  failingType: null,
  slowMs: 0,
  omitS256: false,
  hostileOrigin: null,
};

/** Mutable holder so the admin endpoint and the request handlers see the same switches. */
export class Faults {
  #current: FaultSettings;

  constructor(initial: FaultPatch = {}) {
    this.#current = { ...DEFAULT_FAULTS, ...faultPatchSchema.parse(initial) };
  }

  get current(): Readonly<FaultSettings> {
    return this.#current;
  }

  /** Apply a validated change; throws a ZodError for anything unknown or out of range. */
  update(patch: unknown): FaultSettings {
    this.#current = { ...this.#current, ...faultPatchSchema.parse(patch) };
    return this.#current;
  }

  reset(): FaultSettings {
    this.#current = { ...DEFAULT_FAULTS };
    return this.#current;
  }
}
