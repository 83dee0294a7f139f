/**
 * The resources of a plan in words, for the clinician to read before Accept and after the write:
 * what (drug or test), the dose text, and that it is a draft proposal, not an order.
 */
import type { FhirResource } from './resources.js';

export const DRAFT_STATUS_TEXT = 'draft proposal, to be reviewed and signed in the EHR';

interface Concept {
  text?: unknown;
  coding?: { display?: unknown }[];
}

function conceptText(concept: unknown): string | undefined {
  if (typeof concept !== 'object' || concept === null) return undefined;
  const { text, coding } = concept as Concept;
  if (typeof text === 'string' && text.trim()) return text.trim();
  const display = coding?.find((c) => typeof c.display === 'string')?.display;
  return typeof display === 'string' ? display : undefined;
}

function doseText(resource: FhirResource): string | undefined {
  const dosage = Array.isArray(resource.dosageInstruction) ? resource.dosageInstruction[0] : undefined;
  const text = (dosage as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
}

/** One line per draft: "Medication order — mycophenolate mofetil; dose: 1.5 g/day in two doses; draft proposal, …". */
export function describeDraft(resource: FhirResource): string {
  if (resource.resourceType === 'MedicationRequest') {
    const drug = conceptText(resource.medicationCodeableConcept) ?? 'medication not named';
    const dose = doseText(resource);
    return `Medication order: ${drug}; dose: ${dose ?? 'not stated'}; ${DRAFT_STATUS_TEXT}`;
  }
  if (resource.resourceType === 'ServiceRequest') {
    const test = conceptText(resource.code) ?? 'test not named';
    return `Laboratory request: ${test}; ${DRAFT_STATUS_TEXT}`;
  }
  return `${resource.resourceType}; ${DRAFT_STATUS_TEXT}`;
}
