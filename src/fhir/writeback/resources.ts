/**
 * The resources a decision is written as: the accepted suggestion's draft (MedicationRequest, or the
 * ServiceRequest for metabolite measurement) or a DocumentReference clinical note. Both carry the
 * decision identifier so an uncertain write can be found again.
 */
import { SYSTEM } from '../../core/codes.js';
import type { Assessment } from '../../core/types.js';
import type { AssessmentNote } from './assessment-note.js';
import { acceptedSuggestion, DECISION_IDENTIFIER_SYSTEM, WritebackError } from './decision.js';

export type FhirResource = Record<string, unknown> & { resourceType: string };

function identifier(key: string): { system: string; value: string } {
  return { system: DECISION_IDENTIFIER_SYSTEM, value: key };
}

/** The card's create action, for this patient, always a draft proposal (never an active order). */
export function draftFromSuggestion(
  assessment: Assessment,
  suggestionUuid: string,
  patientId: string,
  key: string,
): FhirResource {
  const suggestion = acceptedSuggestion(assessment, suggestionUuid);
  const resource = suggestion.actions.find((action) => action.type === 'create')?.resource;
  const resourceType = resource?.resourceType;
  if (!resource || typeof resourceType !== 'string') {
    throw new WritebackError('unknown-suggestion', `“${suggestion.label}” has nothing to create in the EHR.`);
  }
  const existing = Array.isArray(resource.identifier) ? (resource.identifier as unknown[]) : [];
  return {
    ...resource,
    resourceType,
    status: 'draft',
    intent: 'proposal',
    subject: { reference: `Patient/${patientId}` },
    identifier: [...existing, identifier(key)],
  };
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
  key: string,
  now: Date,
  authorDisplay?: string,
): FhirResource {
  const when = now.toISOString();
  return {
    resourceType: 'DocumentReference',
    identifier: [identifier(key)],
    status: 'current',
    docStatus: 'final',
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
    ...(authorDisplay ? { author: [{ display: authorDisplay }] } : {}),
    description: note.title,
    content: [
      {
        attachment: {
          contentType: note.contentType,
          data: base64(note.body),
          title: note.title,
          creation: when,
        },
      },
    ],
    // Oracle requires the period end; the note covers the moment of the decision.
    context: { period: { start: when, end: when } },
  };
}
