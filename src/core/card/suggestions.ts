/**
 * Card suggestions (clinical-rules.md §8): one draft order per suggested drug recommendation
 * (MedicationRequest, status draft, intent proposal, RxNorm ingredient, reason AIH) and one
 * ServiceRequest for thiopurine metabolites. Blocked recommendations never become suggestions.
 * The clinician, not this code, decides whether a draft becomes an order.
 *
 * Rules v2: add-allopurinol carries two create actions in its one suggestion (allopurinol, and the
 * azathioprine order at the reduced dose), so accepting it writes both or neither. Every proposed
 * resource carries the decision identifier (patient, recommendation, Tline): the same for the same
 * chart wherever the core runs, and free of the as-of date, so a draft accepted twice is recognised.
 */
import { decisionIdentifier, decisionUuid } from '../decision-id.js';
import { contentDigest } from '../uuid.js';
import { SYSTEM } from '../codes.js';
import {
  RECOMMENDATION_CATALOGUE,
  type CatalogueEntry,
  type CatalogueMedication,
  type CatalogueServiceRequest,
} from '../recommendation-catalogue.js';
import { RULES_VERSION } from '../types.js';
import type {
  Assessment,
  CdsAction,
  CdsSuggestion,
  RecommendationResult,
  ReplacementOrder,
} from '../types.js';
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
    const decision = decisionUuid(ctx.patientId, rec.id, a.explanation.tLine);
    const action = suggestionAction(rec, entry, ctx.patientId, decision);
    if (!action) continue;
    const replacement = rec.replacementOrder
      ? replacementAction(rec, entry, rec.replacementOrder, ctx.patientId, decision)
      : undefined;
    const actions = replacement ? [action, replacement] : [action];
    // Two recommendations may propose the same order (e.g. MMF for intolerance and after optimisation).
    const orderKey = entry.medication
      ? `medication|${entry.medication.rxnorm}|${entry.medication.dosageText}`
      : `test|${entry.serviceRequest?.loincOrText ?? rec.id}`;
    if (seen.has(orderKey)) continue;
    seen.add(orderKey);
    const content = contentDigest(JSON.stringify(actions.map((x) => x.resource)));
    const seed = ['suggestion', ctx.patientId, day(ctx.asOf), RULES_VERSION, rec.id, content].join('|');
    suggestions.push({ label: `${entry.title} (draft proposal)`, uuid: ctx.uuid(seed), actions });
  }
  return suggestions.map((s, i) =>
    i === 0 ? { label: s.label, uuid: s.uuid, isRecommended: true, actions: s.actions } : s,
  );
}

/** The identifier of one proposed resource of a decision (`part`: ingredient id, or `metabolites`). */
function identifierOf(decision: string, part: string): Record<string, unknown>[] {
  return [decisionIdentifier(decision, part)];
}

function suggestionAction(
  rec: RecommendationResult,
  entry: CatalogueEntry,
  patientId: string,
  decision: string,
): CdsAction | undefined {
  const cautions = rec.warnings.map((w) => FLAG_WARNING[w]);
  const caution = cautions.length > 0 ? ` Caution: ${cautions.join('; ')}.` : '';
  if (entry.kind === 'drug' && entry.medication) {
    return {
      type: 'create',
      description: `Draft proposal for review. ${entry.medication.dosageText}.${caution}`,
      resource: medicationRequest(entry, entry.medication, patientId, decision),
    };
  }
  if (entry.kind === 'test' && entry.serviceRequest) {
    return {
      type: 'create',
      description: `Draft proposal for review. ${entry.serviceRequest.display}.${caution}`,
      resource: serviceRequest(entry, entry.serviceRequest, patientId, decision),
    };
  }
  return undefined;
}

function medicationRequest(
  entry: CatalogueEntry,
  medication: CatalogueMedication,
  patientId: string,
  decision: string,
): Record<string, unknown> {
  return {
    resourceType: 'MedicationRequest',
    identifier: identifierOf(decision, medication.ingredient),
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
  decision: string,
): Record<string, unknown> {
  const code = LOINC_CODE.test(request.loincOrText)
    ? {
        coding: [{ system: SYSTEM.loinc, code: request.loincOrText, display: request.display }],
        text: request.display,
      }
    : { text: request.loincOrText };
  return {
    resourceType: 'ServiceRequest',
    identifier: identifierOf(decision, 'metabolites'),
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

/** RxNorm ingredients of the drugs a replacement order may name (clinical-rules.md §1). */
const REPLACEMENT_RXNORM: Readonly<Partial<Record<ReplacementOrder['ingredient'], string>>> = {
  azathioprine: '1256',
};

/**
 * The replacement order that travels with a recommendation (add-allopurinol: azathioprine at 25 % of
 * the current daily dose). With the current dose unknown the draft carries dose text only, without a
 * single digit, so that no sig reader can take a number in it for the dose.
 */
function replacementAction(
  rec: RecommendationResult,
  entry: CatalogueEntry,
  order: ReplacementOrder,
  patientId: string,
  decision: string,
): CdsAction | undefined {
  const rxnorm = REPLACEMENT_RXNORM[order.ingredient];
  if (!rxnorm) return undefined;
  const name = order.ingredient[0]!.toUpperCase() + order.ingredient.slice(1);
  const dosageText =
    order.newMgPerDay !== undefined && order.currentMgPerDay !== undefined
      ? `${name} ${order.newMgPerDay} mg daily (25% of the current ${order.currentMgPerDay} mg/day, with allopurinol)`
      : `${name} reduced to one quarter of the current dose, with allopurinol (the current dose is not on record: check it and set the new dose before signing)`;
  const replaces = replacesText(order.ingredient, order.replaces);
  const single = order.replaces.length === 1 ? order.replaces[0] : undefined;
  const prior = single?.startsWith('MedicationRequest/') ? single : undefined;
  const resource: Record<string, unknown> = {
    resourceType: 'MedicationRequest',
    identifier: identifierOf(decision, order.ingredient),
    status: 'draft',
    intent: 'proposal',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: {
      coding: [{ system: SYSTEM.rxnorm, code: rxnorm, display: order.ingredient }],
      text: order.ingredient,
    },
    reasonCode: [aihReason()],
    dosageInstruction: [
      {
        text: dosageText,
        ...(order.newMgPerDay !== undefined
          ? {
              timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
              doseAndRate: [
                {
                  doseQuantity: { value: order.newMgPerDay, unit: 'mg', system: SYSTEM.ucum, code: 'mg' },
                },
              ],
            }
          : {}),
      },
    ],
    ...(prior ? { priorPrescription: { reference: prior } } : {}),
    note: [{ text: `${replaces} ${provenanceNote(entry)}` }],
  };
  return {
    type: 'create',
    description: `Draft proposal for review, accepted together with the ${entry.medication?.display ?? rec.id} draft. ${dosageText}. ${replaces}`,
    resource,
  };
}

/** Names the current orders a replacement order replaces, which the clinician discontinues. */
function replacesText(ingredient: string, refs: readonly string[]): string {
  return refs.length > 0
    ? `Replaces the current order${refs.length > 1 ? 's' : ''} ${refs.join(', ')}: discontinue ${refs.length > 1 ? 'them' : 'it'} when this is accepted.`
    : `Replaces the current ${ingredient} order: discontinue it when this is accepted.`;
}
