/**
 * Card suggestions (clinical-rules.md §8): one draft order per suggested drug recommendation
 * (MedicationRequest, status draft, intent proposal, RxNorm ingredient, reason AIH) and one
 * ServiceRequest for thiopurine metabolites. Blocked recommendations never become suggestions.
 * The clinician, not this code, decides whether a draft becomes an order.
 */
import { contentDigest } from '../uuid.js';
import { SYSTEM } from '../codes.js';
import {
  RECOMMENDATION_CATALOGUE,
  type CatalogueEntry,
  type CatalogueMedication,
  type CatalogueServiceRequest,
} from '../recommendation-catalogue.js';
import { RULES_VERSION } from '../types.js';
import type { Assessment, CdsAction, CdsSuggestion, RecommendationResult } from '../types.js';
import { day } from './format.js';
import { FLAG_WARNING } from './labels.js';

/** reasonCode of every draft: autoimmune hepatitis (SNOMED CT 408335007); a fresh object per resource. */
export function aihReason(): Record<string, unknown> {
  return {
    coding: [{ system: SYSTEM.snomed, code: '408335007', display: 'Autoimmune hepatitis' }],
    text: 'Autoimmune hepatitis',
  };
}

const LOINC_CODE = /^\d{1,7}-\d$/;

export interface SuggestionContext {
  patientId: string;
  asOf: string;
  uuid: (seed: string) => string;
}

export function buildSuggestions(a: Omit<Assessment, 'card'>, ctx: SuggestionContext): CdsSuggestion[] {
  const suggestions: CdsSuggestion[] = [];
  const seen = new Set<string>();
  for (const rec of a.recommendations) {
    if (rec.status !== 'suggested') continue;
    const entry = RECOMMENDATION_CATALOGUE[rec.id];
    const action = suggestionAction(rec, entry, ctx.patientId);
    if (!action) continue;
    // Two recommendations may propose the same order (e.g. MMF for intolerance and after optimisation).
    const orderKey = entry.medication
      ? `medication|${entry.medication.rxnorm}|${entry.medication.dosageText}`
      : `test|${entry.serviceRequest?.loincOrText ?? rec.id}`;
    if (seen.has(orderKey)) continue;
    seen.add(orderKey);
    const content = contentDigest(JSON.stringify(action.resource));
    const seed = ['suggestion', ctx.patientId, day(ctx.asOf), RULES_VERSION, rec.id, content].join('|');
    suggestions.push({ label: `${entry.title} (draft proposal)`, uuid: ctx.uuid(seed), actions: [action] });
  }
  return suggestions.map((s, i) =>
    i === 0 ? { label: s.label, uuid: s.uuid, isRecommended: true, actions: s.actions } : s,
  );
}

function suggestionAction(
  rec: RecommendationResult,
  entry: CatalogueEntry,
  patientId: string,
): CdsAction | undefined {
  const cautions = rec.warnings.map((w) => FLAG_WARNING[w]);
  const caution = cautions.length > 0 ? ` Caution: ${cautions.join('; ')}.` : '';
  if (entry.kind === 'drug' && entry.medication) {
    return {
      type: 'create',
      description: `Draft proposal for review. ${entry.medication.dosageText}.${caution}`,
      resource: medicationRequest(entry, entry.medication, patientId),
    };
  }
  if (entry.kind === 'test' && entry.serviceRequest) {
    return {
      type: 'create',
      description: `Draft proposal for review. ${entry.serviceRequest.display}.${caution}`,
      resource: serviceRequest(entry, entry.serviceRequest, patientId),
    };
  }
  return undefined;
}

function medicationRequest(
  entry: CatalogueEntry,
  medication: CatalogueMedication,
  patientId: string,
): Record<string, unknown> {
  return {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'proposal',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: {
      coding: [{ system: SYSTEM.rxnorm, code: medication.rxnorm, display: medication.display }],
      text: medication.display,
    },
    reasonCode: [aihReason()],
    dosageInstruction: [{ text: medication.dosageText }],
    note: [{ text: provenanceNote(entry) }],
  };
}

function serviceRequest(
  entry: CatalogueEntry,
  request: CatalogueServiceRequest,
  patientId: string,
): Record<string, unknown> {
  const code = LOINC_CODE.test(request.loincOrText)
    ? {
        coding: [{ system: SYSTEM.loinc, code: request.loincOrText, display: request.display }],
        text: request.display,
      }
    : { text: request.loincOrText };
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'proposal',
    subject: { reference: `Patient/${patientId}` },
    code,
    reasonCode: [aihReason()],
    note: [{ text: provenanceNote(entry) }],
  };
}

/** Where the draft came from, so a reviewer of the written-back draft can trace it. */
function provenanceNote(entry: CatalogueEntry): string {
  return `AIH Navigator (rules v${RULES_VERSION}): ${entry.title}. ${entry.grade}. Source: ${entry.source}.`;
}
