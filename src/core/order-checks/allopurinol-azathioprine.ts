/**
 * Check 1 (docs/order-checks.md): allopurinol multiplies thiopurine exposure (xanthine oxidase
 * clears 6-MP), so allopurinol beside full-dose azathioprine risks severe myelotoxicity. A draft
 * allopurinol is safe only when the same orders replace azathioprine with ≤ 33 % of the current
 * daily dose, or the current dose is already ≤ 0.5 mg/kg/day; a draft raising azathioprine while
 * allopurinol is current is never safe.
 */
import { SYSTEM } from '../codes.js';
import { aihReason } from '../card/suggestions.js';
import { formatNumber } from '../card/format.js';
import { currentAzathioprineDailyDose, type CurrentDailyDose } from '../current-dose.js';
import { draftsOf, isCurrent, latestWeight, mg, type OrderCheckInput } from './input.js';
import {
  ALREADY_REDUCED_MG_PER_KG,
  isReducedEnough,
  reducedAzathioprineDose,
  REPLACEMENT_MAX_FRACTION,
} from './reduced-dose.js';
import type { CdsActionDraft, DecidingValue, DraftMedicationOrder, OrderFinding } from './types.js';

const AZATHIOPRINE_RXNORM = '1256';

export function checkAllopurinolWithAzathioprine(input: OrderCheckInput): OrderFinding[] {
  const current = currentAzathioprineDailyDose(input.record.medications, input.asOf);
  const azathioprineDrafts = draftsOf(input, 'azathioprine');
  const findings: OrderFinding[] = [];
  for (const allopurinol of draftsOf(input, 'allopurinol')) {
    const finding = allopurinolFinding(input, allopurinol, current, azathioprineDrafts);
    if (finding) findings.push(finding);
  }
  if (azathioprineDrafts.length > 0 && isCurrent(input, 'allopurinol')) {
    const finding = increaseFinding(input, current, azathioprineDrafts);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** The drafts' total daily dose, or undefined when any draft's dose cannot be read. */
function draftedDose(drafts: readonly DraftMedicationOrder[]): number | undefined {
  let total = 0;
  for (const d of drafts) {
    if (d.dailyDoseMg === undefined) return undefined;
    total += d.dailyDoseMg;
  }
  return total;
}

function allopurinolFinding(
  input: OrderCheckInput,
  allopurinol: DraftMedicationOrder,
  current: CurrentDailyDose,
  azathioprineDrafts: readonly DraftMedicationOrder[],
): OrderFinding | undefined {
  const drafted = draftedDose(azathioprineDrafts);
  const weight = latestWeight(input);
  const deciding: DecidingValue[] = [currentDoseValue(current)];
  if (weight) deciding.push(weightValue(weight.value, weight.date, weight.ref));
  if (azathioprineDrafts.length > 0)
    deciding.push({
      label: 'Azathioprine in these orders',
      value: drafted === undefined ? 'dose not readable' : mg(drafted),
      resource: azathioprineDrafts[0]!.ref,
    });

  if (current.kind === 'none') {
    if (azathioprineDrafts.length === 0) return undefined;
    // No current azathioprine, but started together with allopurinol: the drafted dose is the one
    // taken, so it must itself be a reduced dose (≤ 0.5 mg/kg/day).
    if (drafted !== undefined && weight && drafted / weight.value <= ALREADY_REDUCED_MG_PER_KG)
      return undefined;
    return finding(allopurinol, deciding, {
      summary: `Allopurinol with new azathioprine ${drafted === undefined ? '(dose unknown)' : mg(drafted)}: dose must be reduced`,
      reasons: [
        'Azathioprine is started together with allopurinol, which multiplies thiopurine exposure (severe myelotoxicity).',
        drafted === undefined || !weight
          ? 'The drafted azathioprine dose per kilogram cannot be worked out (dose or weight unknown), so it cannot be confirmed as reduced.'
          : `The drafted dose is ${formatNumber(drafted / weight.value)} mg/kg/day, above ${ALREADY_REDUCED_MG_PER_KG} mg/kg/day.`,
      ],
    });
  }

  if (azathioprineDrafts.length > 0) {
    // Azathioprine drafted in the same orders replaces the current order: the drafted dose is the
    // one taken with allopurinol, so it is the one that must be reduced (even when the current dose
    // was already low).
    if (drafted !== undefined && current.kind === 'known' && isReducedEnough(drafted, current.mg))
      return undefined;
    if (drafted !== undefined && weight && drafted / weight.value <= ALREADY_REDUCED_MG_PER_KG)
      return undefined;
  } else if (
    current.kind === 'known' &&
    weight &&
    current.upperMg / weight.value <= ALREADY_REDUCED_MG_PER_KG
  ) {
    return undefined;
  }

  const reasons = [
    'Allopurinol multiplies thiopurine exposure: with full-dose azathioprine it risks severe myelotoxicity.',
  ];
  let suggestion: OrderFinding['suggestion'];
  if (current.kind === 'unknown') {
    reasons.push(
      'The current azathioprine daily dose cannot be read from its order, so a reduction to ≤ 33 % cannot be confirmed.',
    );
  } else {
    const reduced = reducedAzathioprineDose(current.mg);
    reasons.push(
      `Replace azathioprine with ≤ ${REPLACEMENT_MAX_FRACTION * 100} % of the current ${mg(current.mg)} ` +
        `(at most ${formatNumber(current.mg * REPLACEMENT_MAX_FRACTION)} mg/day) in these orders.`,
    );
    if (isReducedEnough(reduced, current.mg)) {
      suggestion = {
        label: `Replace azathioprine with ${mg(reduced)} (25 % of ${mg(current.mg)})`,
        actions: replacementActions(input, azathioprineDrafts, reduced, current),
      };
    } else {
      reasons.push(
        `The smallest step (${mg(reduced)}) is more than ${REPLACEMENT_MAX_FRACTION * 100} % of ${mg(current.mg)}: decide the dose with the treating specialist.`,
      );
    }
  }
  const shown = current.kind === 'known' ? mg(current.mg) : 'dose unknown';
  return finding(allopurinol, deciding, {
    summary: `Allopurinol with full-dose azathioprine (${shown}): reduce azathioprine to ≤ 33 % in the same orders`,
    reasons,
    ...(suggestion ? { suggestion } : {}),
  });
}

function increaseFinding(
  input: OrderCheckInput,
  current: CurrentDailyDose,
  drafts: readonly DraftMedicationOrder[],
): OrderFinding | undefined {
  const drafted = draftedDose(drafts);
  const currentMg = current.kind === 'none' ? 0 : current.kind === 'known' ? current.mg : undefined;
  if (drafted !== undefined && currentMg !== undefined && drafted <= currentMg) return undefined;
  const first = drafts[0]!;
  const deciding: DecidingValue[] = [
    currentDoseValue(current),
    {
      label: 'Drafted azathioprine',
      value: drafted === undefined ? 'dose not readable' : mg(drafted),
      resource: first.ref,
    },
  ];
  const why =
    drafted === undefined || currentMg === undefined
      ? 'The drafted or the current azathioprine dose cannot be read, so the draft cannot be confirmed not to raise the dose.'
      : `The draft raises azathioprine from ${mg(currentMg)} to ${mg(drafted)}.`;
  return {
    check: 'azathioprine-increase-on-allopurinol',
    severity: 'critical',
    draft: first.ref,
    summary: `Azathioprine ${drafted === undefined ? 'dose unknown' : mg(drafted)} on allopurinol: a higher dose multiplies thiopurine toxicity`,
    reasons: [
      why,
      'Allopurinol is current: raising azathioprine multiplies thiopurine exposure (rules v2: patients on allopurinol are already optimised).',
    ],
    deciding,
    suggestion: {
      label: 'Remove the azathioprine draft (keep the current dose)',
      actions: drafts.map((d) => deleteDraft(d)),
    },
  };
}

function finding(
  allopurinol: DraftMedicationOrder,
  deciding: DecidingValue[],
  parts: Pick<OrderFinding, 'summary' | 'reasons' | 'suggestion'>,
): OrderFinding {
  return {
    check: 'allopurinol-with-full-dose-azathioprine',
    severity: 'critical',
    draft: allopurinol.ref,
    deciding,
    ...parts,
  };
}

function currentDoseValue(current: CurrentDailyDose): DecidingValue {
  if (current.kind === 'none') return { label: 'Current azathioprine', value: 'none' };
  if (current.kind === 'unknown')
    return { label: 'Current azathioprine', value: 'dose not readable', resource: current.undosed[0]! };
  return { label: 'Current azathioprine', value: mg(current.mg), resource: current.refs[0]! };
}

function weightValue(kg: number, date: string, ref: string): DecidingValue {
  return { label: 'Body weight', value: `${formatNumber(kg)} kg`, date: date.slice(0, 10), resource: ref };
}

export function deleteDraft(draft: DraftMedicationOrder): CdsActionDraft {
  return {
    type: 'delete',
    description: `Remove the draft order ${draft.label}${draft.doseText ? ` (${draft.doseText})` : ''}.`,
    resourceId: draft.ref,
  };
}

function replacementActions(
  input: OrderCheckInput,
  azathioprineDrafts: readonly DraftMedicationOrder[],
  reducedMg: number,
  current: Extract<CurrentDailyDose, { kind: 'known' }>,
): CdsActionDraft[] {
  const replaces = current.refs.join(', ');
  return [
    ...azathioprineDrafts.map((d) => deleteDraft(d)),
    {
      type: 'create',
      description:
        `New azathioprine order at ${mg(reducedMg)} with allopurinol; it replaces ${replaces}, ` +
        'which the clinician discontinues.',
      resource: reducedAzathioprineOrder(input.record.patientId, reducedMg, replaces),
    },
  ];
}

/** A structured dose as well as the text, so the order reads the same everywhere it goes. */
function reducedAzathioprineOrder(
  patientId: string,
  doseMg: number,
  replaces: string,
): Record<string, unknown> {
  const text = `azathioprine ${formatNumber(doseMg)} mg by mouth once daily (reduced with allopurinol)`;
  return {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: {
      coding: [{ system: SYSTEM.rxnorm, code: AZATHIOPRINE_RXNORM, display: 'azathioprine' }],
      text: 'azathioprine',
    },
    reasonCode: [aihReason()],
    dosageInstruction: [
      {
        text,
        timing: {
          code: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation', code: 'QD' }],
            text: 'QD',
          },
        },
        doseAndRate: [
          { doseQuantity: { value: doseMg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
        ],
      },
    ],
    note: [
      { text: `Replaces ${replaces} (AIH Navigator order check allopurinol-with-full-dose-azathioprine).` },
    ],
  };
}
