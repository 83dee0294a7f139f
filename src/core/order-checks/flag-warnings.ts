/**
 * Checks 3 and 4 (docs/order-checks.md): drafts that a safety flag (rules §7) calls for caution
 * with: budesonide with cirrhosis, thiopurines or mycophenolate with leukopenia, tacrolimus with
 * an eGFR below 60. Each card gives the value or record that raised the flag.
 */
import { evidenceValue, draftsOf, flagEvidence, type OrderCheckInput } from './input.js';
import type { DecidingValue, OrderFinding } from './types.js';

export function checkFlagWarnings(input: OrderCheckInput): OrderFinding[] {
  return [...budesonideWithCirrhosis(input), ...withLeukopenia(input), ...tacrolimusWithLowEgfr(input)];
}

function budesonideWithCirrhosis(input: OrderCheckInput): OrderFinding[] {
  if (!input.assessment.safetyFlags.includes('cirrhosis')) return [];
  const deciding: DecidingValue[] = input.record.conditions
    .filter((c) => c.condition === 'cirrhosis' || c.condition === 'portal-hypertension')
    .slice(0, 3)
    .map((c) => ({
      label: c.condition === 'cirrhosis' ? 'Cirrhosis' : 'Portal hypertension',
      value: c.clinicalStatus ?? 'status not given',
      ...(c.onset ? { date: c.onset.slice(0, 10) } : {}),
      resource: c.ref,
    }));
  return draftsOf(input, 'budesonide').map((draft) => ({
    check: 'budesonide-with-cirrhosis',
    severity: 'warning',
    draft: draft.ref,
    summary:
      'Budesonide with cirrhosis or portal hypertension: portosystemic shunting raises systemic steroid exposure',
    reasons: [
      'In cirrhosis and portal hypertension blood bypasses the liver (portosystemic shunting), so budesonide loses its first-pass clearance and acts as a systemic steroid.',
      'EASL-2025 and BavenPronk-2022 reserve budesonide for patients without cirrhosis; prednis(ol)one is the steroid here.',
    ],
    deciding,
  }));
}

function withLeukopenia(input: OrderCheckInput): OrderFinding[] {
  if (!input.assessment.safetyFlags.includes('leukopenia')) return [];
  const wbc = flagEvidence(input, 'leukopenia');
  const shown = wbc ? `WBC ${evidenceValue('WBC', wbc).value} on ${wbc.date.slice(0, 10)}` : 'WBC < 3.0';
  return draftsOf(input, 'azathioprine', 'mercaptopurine', 'thioguanine', 'mycophenolate').map((draft) => ({
    check: 'thiopurine-or-mmf-with-leukopenia',
    severity: 'warning',
    draft: draft.ref,
    summary: `${draft.label.charAt(0).toUpperCase()}${draft.label.slice(1)} with leukopenia: ${shown}`.slice(
      0,
      139,
    ),
    reasons: [
      'Thiopurines and mycophenolate suppress the marrow; leukopenia was the main reason to stop mycophenolate in Efe-2017.',
      'Latest white cell count within 3 months is below 3.0×10⁹/L: check it again and follow it closely.',
    ],
    deciding: wbc ? [evidenceValue('White cell count', wbc)] : [],
  }));
}

function tacrolimusWithLowEgfr(input: OrderCheckInput): OrderFinding[] {
  if (!input.assessment.safetyFlags.includes('egfr-below-60')) return [];
  const egfr = flagEvidence(input, 'egfr-below-60');
  const shown = egfr ? `eGFR ${evidenceValue('eGFR', egfr).value} on ${egfr.date.slice(0, 10)}` : 'eGFR < 60';
  return draftsOf(input, 'tacrolimus').map((draft) => ({
    check: 'tacrolimus-with-egfr-below-60',
    severity: 'warning',
    draft: draft.ref,
    summary: `Tacrolimus with ${shown}: nephrotoxic, follow creatinine and trough`.slice(0, 139),
    reasons: [
      'Tacrolimus is nephrotoxic; an eGFR below 60 excluded patients from TAILOR and renal failure led to withdrawal in Efe-2017.',
      'Aim for the low trough (3–7 ng/mL) and follow creatinine.',
    ],
    deciding: egfr ? [evidenceValue('eGFR', egfr)] : [],
  }));
}
