/**
 * Check 2 (docs/order-checks.md): mycophenolate is teratogenic (boxed warning) and allopurinol is
 * withheld in pregnancy (rules §7): a draft of either with the `pregnancy` flag is critical.
 * Mycophenolate for a woman of reproductive potential needs contraception counselling first.
 */
import { ageInYears } from '../dates.js';
import { deleteDraft } from './allopurinol-azathioprine.js';
import { draftsOf, type OrderCheckInput } from './input.js';
import type { DecidingValue, OrderFinding } from './types.js';

export function checkPregnancy(input: OrderCheckInput): OrderFinding[] {
  const flags = input.assessment.safetyFlags;
  const findings: OrderFinding[] = [];
  if (flags.includes('pregnancy')) {
    const deciding = pregnancyEvidence(input);
    for (const draft of draftsOf(input, 'mycophenolate', 'allopurinol')) {
      const drug = draft.ingredients.includes('mycophenolate') ? 'Mycophenolate' : 'Allopurinol';
      findings.push({
        check: 'mmf-or-allopurinol-in-pregnancy',
        severity: 'critical',
        draft: draft.ref,
        summary: `${drug} ordered in pregnancy: ${drug === 'Mycophenolate' ? 'teratogenic (boxed warning)' : 'not given while pregnant'}`,
        reasons: [
          drug === 'Mycophenolate'
            ? 'Mycophenolate causes pregnancy loss and congenital malformations (boxed warning); EASL-2025 advises against it in pregnancy.'
            : 'Allopurinol is not given in pregnancy (rules §7: pregnancy blocks add-allopurinol).',
          'The pregnancy is on record (condition or pregnancy-status observation within 9 months).',
        ],
        deciding,
        suggestion: { label: `Remove the ${drug.toLowerCase()} draft`, actions: [deleteDraft(draft)] },
      });
    }
  }
  // No record of contraception counselling is read (no agreed code for it), so the warning is
  // given whenever the flag is raised: it only asks for counselling that may already have happened.
  if (flags.includes('reproductive-potential')) {
    for (const draft of draftsOf(input, 'mycophenolate')) {
      findings.push({
        check: 'mmf-without-contraception-counselling',
        severity: 'warning',
        draft: draft.ref,
        summary: 'Mycophenolate for a woman of reproductive potential: counsel on contraception first',
        reasons: [
          'Mycophenolate is teratogenic: pregnancy testing and effective contraception are required (boxed warning).',
          'No contraception counselling is on record here.',
        ],
        deciding: reproductiveEvidence(input),
      });
    }
  }
  return findings;
}

function pregnancyEvidence(input: OrderCheckInput): DecidingValue[] {
  const { record } = input;
  const conditions: DecidingValue[] = record.conditions
    .filter((c) => c.condition === 'pregnancy')
    .map((c) => ({
      label: 'Pregnancy condition',
      value: c.clinicalStatus ?? 'status not given',
      ...(c.onset ? { date: c.onset.slice(0, 10) } : {}),
      resource: c.ref,
    }));
  const statuses: DecidingValue[] = record.pregnancyStatus
    .filter((p) => p.pregnant)
    .map((p) => ({
      label: 'Pregnancy status',
      value: 'pregnant',
      date: p.effective.slice(0, 10),
      resource: p.ref,
    }));
  return [...conditions, ...statuses].slice(0, 3);
}

function reproductiveEvidence(input: OrderCheckInput): DecidingValue[] {
  const { record, asOf } = input;
  const age = ageInYears(record.birthDate, asOf);
  return [
    { label: 'Sex', value: record.gender ?? 'not recorded' },
    { label: 'Age', value: age === undefined ? 'not recorded' : `${age} years` },
  ];
}
