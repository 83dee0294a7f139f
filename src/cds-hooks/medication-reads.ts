/**
 * Medication orders often name their drug by reference (`medicationReference: Medication/123`),
 * and a prefetch holds only the orders. The referenced Medications are read one by one, in
 * parallel, because the ingredient lives only there. What cannot be read becomes a gap, so the
 * core never treats an unknown drug as no drug.
 */
import type { LoadGap } from '../core/types.js';
import { MAX_MEDICATION_READS, missingMedicationReads } from '../fhir/load/medication-references.js';
import type { FhirRequester } from '../fhir/load/types.js';

export interface MedicationReads {
  resources: unknown[];
  gaps: LoadGap[];
}

export async function readReferencedMedications(
  resources: readonly unknown[],
  requester: FhirRequester | undefined,
  timeoutMs: number,
): Promise<MedicationReads> {
  const reads = missingMedicationReads(resources);
  if (reads.length === 0) return { resources: [], gaps: [] };
  if (!requester) {
    return {
      resources: [],
      gaps: [gap(`${reads.length} referenced drug(s) not prefetched and no FHIR server access`)],
    };
  }
  const wanted = reads.slice(0, MAX_MEDICATION_READS);
  const signal = AbortSignal.timeout(timeoutMs);
  const answers = await Promise.allSettled(wanted.map((read) => requester.request(read.url, { signal })));
  const found = answers.flatMap((answer) =>
    answer.status === 'fulfilled' && isMedication(answer.value) ? [answer.value] : [],
  );
  const unread = reads.length - found.length;
  return {
    resources: found,
    gaps: unread > 0 ? [gap(`${unread} referenced drug(s) could not be read`)] : [],
  };
}

function isMedication(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'resourceType' in value &&
    value.resourceType === 'Medication'
  );
}

function gap(reason: string): LoadGap {
  return { resourceType: 'Medication', reason: `Medication: ${reason}.` };
}
