/**
 * `context.draftOrders` of `order-select` / `order-sign` → the drafts the order checks read. Each
 * MedicationRequest goes through the mapper's own reading (zod schema, dose, contained or bundled
 * Medication, ingredient matching by RxNorm product or ingredient, ATC, then name), so a draft is
 * recognised exactly as a stored order is. Other resource types (ServiceRequest …) are not checked.
 */
import type { DraftMedicationOrder, UnreadableDraft } from '../../core/order-checks/types.js';
import type { MedicationExposure } from '../../core/types.js';
import { finishExposure, finishUnresolved } from './medication-exposure.js';
import { readMedication, type MedicationConcept } from './medication-concept.js';
import { mapMedicationUse, type ExposureDraft } from './medication-use.js';
import type { NoteSink } from './notes.js';

export interface DraftOrders {
  drafts: DraftMedicationOrder[];
  unreadable: UnreadableDraft[];
}

type Resource = Record<string, unknown>;

export function readDraftOrders(resources: readonly Resource[]): DraftOrders {
  const medications = bundledMedications(resources);
  const result: DraftOrders = { drafts: [], unreadable: [] };
  resources.forEach((resource, index) => {
    if (resource.resourceType !== 'MedicationRequest') return;
    const ref = `MedicationRequest/${typeof resource.id === 'string' ? resource.id : `#${index + 1}`}`;
    const notes: string[] = [];
    const note: NoteSink = (_code, message) => notes.push(message);
    const draft = mapMedicationUse('MedicationRequest', resource, ref, note);
    if (!draft) {
      result.unreadable.push({ ref, reason: `not a readable MedicationRequest (${notes.join('; ')})` });
      return;
    }
    const exposures = exposuresOf(draft, medications, note);
    if (exposures.length === 0 && notes.some((n) => /names no medication|drug of this/.test(n))) {
      result.unreadable.push({ ref, reason: 'its drug could not be identified' });
      return;
    }
    result.drafts.push(draftOrder(ref, resource, draft, exposures));
  });
  return result;
}

/** Medications sent in the same Bundle, by `Medication/{id}`, for orders that refer to them. */
function bundledMedications(resources: readonly Resource[]): Map<string, MedicationConcept> {
  const found = new Map<string, MedicationConcept>();
  for (const resource of resources) {
    if (resource.resourceType !== 'Medication') continue;
    const read = readMedication(resource);
    if (read.ok && read.id) found.set(`Medication/${read.id}`, read.concept);
  }
  return found;
}

function exposuresOf(
  draft: ExposureDraft,
  medications: ReadonlyMap<string, MedicationConcept>,
  note: NoteSink,
): MedicationExposure[] {
  const medication = draft.medication;
  if (medication && 'concept' in medication) return finishExposure(draft, medication.concept, note);
  const bundled = medication ? medications.get(medication.reference) : undefined;
  if (bundled) return finishExposure(draft, bundled, note);
  return finishUnresolved(draft, note);
}

function draftOrder(
  ref: string,
  resource: Resource,
  draft: ExposureDraft,
  exposures: readonly MedicationExposure[],
): DraftMedicationOrder {
  const ingredients = [...new Set(exposures.map((e) => e.ingredient))];
  const order: DraftMedicationOrder = {
    ref,
    label: labelOf(resource, draft) ?? (ingredients.length > 0 ? ingredients.join(' + ') : 'medication'),
    ingredients,
    matchedBy: exposures[0]?.matchedBy ?? 'none',
  };
  // finishExposure keeps a dose only for a single-ingredient product.
  const dose = exposures.length === 1 ? exposures[0]!.dailyDoseMg : undefined;
  if (dose !== undefined) order.dailyDoseMg = dose;
  const doseText = dosageText(resource);
  if (doseText) order.doseText = doseText;
  return order;
}

function labelOf(resource: Resource, draft: ExposureDraft): string | undefined {
  const medication = draft.medication;
  if (medication && 'concept' in medication) {
    const display = medication.concept.codings.find((c) => c.display)?.display;
    return medication.concept.text ?? display;
  }
  if (medication && 'display' in medication && medication.display) return medication.display;
  const reference = (resource.medicationReference as { reference?: unknown } | undefined)?.reference;
  return typeof reference === 'string' ? reference : undefined;
}

function dosageText(resource: Resource): string | undefined {
  const dosages = resource.dosageInstruction;
  if (!Array.isArray(dosages)) return undefined;
  const texts = dosages
    .map((d: unknown) => (typeof d === 'object' && d !== null ? (d as { text?: unknown }).text : undefined))
    .filter((t): t is string => typeof t === 'string' && t.length > 0);
  return texts.length > 0 ? texts.join('; ') : undefined;
}
