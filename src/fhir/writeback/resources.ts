/**
 * The resources a decision is written as, with their provenance (ehr-notes.md §Writing back): an
 * accepted suggestion's drafts (MedicationRequest, ServiceRequest), always draft proposals with the
 * requester and the time of the decision, or a DocumentReference clinical note by the clinician,
 * `preliminary` because the clinician has not signed it. Each carries its decision identifier.
 */
import { SYSTEM } from '../../core/codes.js';
import type { AssessmentNote } from './assessment-note.js';
import type { DecisionIdentifier } from './identifiers.js';

export type FhirResource = Record<string, unknown> & { resourceType: string };

export interface Provenance {
  /** `Practitioner/…` or `PractitionerRole/…`: who decided. */
  fhirUser: string;
  /** The app's clock reading at the decision. */
  now: Date;
}

/** US Core ServiceRequest category for a laboratory test (SNOMED CT 108252007 Laboratory procedure). */
const LABORATORY_CATEGORY = {
  coding: [{ system: SYSTEM.snomed, code: '108252007', display: 'Laboratory procedure' }],
  text: 'Laboratory procedure',
};

/** The card's action resource for this patient, as a draft proposal with its provenance. */
export function draftResource(
  resource: Record<string, unknown>,
  patientId: string,
  identifier: DecisionIdentifier,
  provenance: Provenance,
): FhirResource {
  const resourceType = String(resource.resourceType);
  const others = (Array.isArray(resource.identifier) ? (resource.identifier as unknown[]) : []).filter(
    (id) => (id as { system?: unknown } | null)?.system !== identifier.system,
  );
  const draft: FhirResource = {
    ...resource,
    resourceType,
    identifier: [...others, identifier],
    // Never an active order: the clinician reviews and signs it in the EHR.
    status: 'draft',
    intent: 'proposal',
    subject: { reference: `Patient/${patientId}` },
    authoredOn: provenance.now.toISOString(),
    requester: { reference: provenance.fhirUser },
  };
  if (resourceType === 'ServiceRequest' && !Array.isArray(resource.category)) {
    draft.category = [LABORATORY_CATEGORY];
  }
  delete draft.id;
  delete draft.meta;
  return draft;
}

/** UTF-8 → base64 in browsers and Node alike (Attachment.data). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function noteDocument(
  note: AssessmentNote,
  patientId: string,
  identifier: DecisionIdentifier,
  provenance: Provenance,
): FhirResource {
  const when = provenance.now.toISOString();
  return {
    resourceType: 'DocumentReference',
    identifier: [identifier],
    status: 'current',
    // Written by the app for the clinician, not signed by them: it stays preliminary until they do.
    docStatus: 'preliminary',
    type: {
      coding: [{ system: SYSTEM.loinc, code: '11506-3', display: 'Progress note' }],
      text: 'Progress note',
    },
    category: [
      {
        coding: [
          {
            system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
            code: 'clinical-note',
            display: 'Clinical Note',
          },
        ],
      },
    ],
    subject: { reference: `Patient/${patientId}` },
    date: when,
    author: [{ reference: provenance.fhirUser }],
    description: note.title,
    content: [
      {
        attachment: {
          contentType: note.contentType,
          data: base64(note.body),
          title: note.title,
          creation: when,
        },
        format: {
          system: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode',
          code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient',
          display: 'mimeType Sufficient',
        },
      },
    ],
    // Oracle requires the period end; the note covers the moment of the decision.
    context: { period: { start: when, end: when } },
  };
}
