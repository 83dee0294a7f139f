/**
 * Medication resources of a cohort, kept compact (only what identifies the drug: code, form, ingredients)
 * and looked up by the references MedicationRequest/Statement/… carry. Medications are not patient-scoped,
 * so an export keeps them in their own file; they are indexed before the patient files are read.
 */
import { z } from 'zod';

const coding = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const codeableConcept = z.object({ coding: z.array(coding).optional(), text: z.string().optional() });

/**
 * z.object drops every other field: what stays is what ingredient matching and route checks use.
 * Compiled (zod's fast path, the same results), as every Medication of an export passes through it.
 */
const compactMedicationSchema = z.compile(
  z.object({
    resourceType: z.literal('Medication'),
    id: z.string().optional(),
    code: codeableConcept.optional(),
    form: codeableConcept.optional(),
    ingredient: z.array(z.object({ itemCodeableConcept: codeableConcept.optional() })).optional(),
  }),
);

const HISTORY_SUFFIX = /\/_history\/[^/]+$/;
const MEDICATION_TAIL = /(?:^|\/)(Medication\/[^/]+)$/;

export class MedicationIndex {
  private readonly byReference = new Map<string, unknown>();

  get size(): number {
    return this.byReference.size;
  }

  /**
   * Indexes a Medication under `Medication/<id>` and, from a Bundle, under its `fullUrl` too (transaction
   * Bundles refer by `urn:uuid:`). A Medication that fails the compact schema is kept whole so the mapper
   * can report it as an invalid resource instead of it vanishing.
   */
  add(resource: unknown, fullUrl?: string): void {
    const compact = compactMedicationSchema.safeParse(resource);
    const kept = compact.success ? compact.data : resource;
    const id = compact.success ? compact.data.id : undefined;
    if (id !== undefined) this.byReference.set(`Medication/${id}`, kept);
    if (fullUrl !== undefined) this.byReference.set(fullUrl, kept);
  }

  /** Resolves `Medication/1`, `https://host/fhir/Medication/1`, `…/_history/2` or a Bundle `fullUrl`. */
  lookup(reference: string): unknown {
    const exact = this.byReference.get(reference);
    if (exact !== undefined) return exact;
    const tail = MEDICATION_TAIL.exec(reference.replace(HISTORY_SUFFIX, ''));
    return tail?.[1] === undefined ? undefined : this.byReference.get(tail[1]);
  }
}
