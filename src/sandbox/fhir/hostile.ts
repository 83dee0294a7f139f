/**
 * Error injection for the app's token pinning: the FHIR server behaves as a compromised one would,
 * pointing the app at another origin that would collect the token if the app followed.
 */
import type { BundleLink } from './search.js';

/** A search answer's `next` link points at the other origin instead of the next page here. */
export function hostileLinks(
  links: readonly BundleLink[],
  hostileOrigin: string,
  type: string,
): BundleLink[] {
  return [
    ...links.filter((link) => link.relation !== 'next'),
    { relation: 'next', url: `${hostileOrigin}/fhir/${type}?_page=2` },
  ];
}

/** A medication order whose drug lives on the other origin (an absolute medicationReference). */
export function hostileOrder(
  hostileOrigin: string,
  patientId: string,
  today: string,
): Record<string, unknown> {
  return {
    resourceType: 'MedicationRequest',
    id: 'hostile-order',
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    authoredOn: today,
    medicationReference: { reference: `${hostileOrigin}/fhir/Medication/hostile-drug` },
  };
}
