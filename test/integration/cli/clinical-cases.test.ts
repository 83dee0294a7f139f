/**
 * Clinical cases in the shapes real exports take, run through the built command and compared with what a
 * hepatologist applying clinical-rules.md (rules v2) by hand concludes. The exports are written by
 * test/fixtures/cases/make-cases.mjs: an Epic-like one (MedicationRequest renewals every 90 days, text-only
 * sigs, local lab codes mapped by a site config, reference ranges as text, several patients per NDJSON file)
 * and an Oracle-like one (MedicationStatement with structured dosage, LOINC, numeric ranges, a Procedure), and
 * a searchset Bundle of two patients.
 * The expected answers below were derived from the rules' text, each with the reason in its comment.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Assessment } from '../../../src/core/types.js';
import { ensureBuilt, ROOT, runBuilt } from './built-cli.js';

const CASES = join(ROOT, 'test/fixtures/cases');
const AS_OF = '2026-06-01';

interface Expected {
  response: string;
  qualifiers: string[];
  line: string;
  intolerance: string[];
  actionableIntolerance: string[];
  /** id:status, or id:blocked[flag,…], in card order. */
  recommendations: string[];
  safetyFlags: string[];
  missing: string[];
  indicator: 'info' | 'warning' | 'critical';
}

const none: string[] = [];
const EXPECTED: Record<string, Expected> = {
  // CBR panel 2025-04-20/23 (ALT 40/56, AST 30/40, IgG 14.1/16), ≤ Tline + 183 d; latest panel normal.
  'case-e1': {
    response: 'complete-biochemical-response',
    qualifiers: none,
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: ['continue-current-therapy:suggested'],
    safetyFlags: ['reproductive-potential'],
    missing: none,
    indicator: 'info',
  },
  // Fell 57 % by day 28; no panel; ALT 1.80×ULN after day 150, ≥ 1.5×ULN from 2025-09 on: TAILOR-like.
  // "1 TABLET (50 MG TOTAL) … 2 (TWO) TIMES DAILY" is 100 mg/day, so no dose is missing; no 6-TGN/6-MMP.
  'case-e2': {
    response: 'insufficient-response',
    qualifiers: ['tailor-like'],
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: ['check-adherence:suggested', 'measure-thiopurine-metabolites:suggested'],
    safetyFlags: none,
    missing: none,
    indicator: 'warning',
  },
  // ALT 84/56 = 1.5×ULN throughout (≥ 1.5: TAILOR-like; latest exactly 31 days before as-of). 6-MMP 9100 >
  // 5700: add allopurinol with azathioprine 200 → 50 mg/day; 200 mg / 109.8 kg = 1.82 mg/kg: not optimised.
  'case-e3': {
    response: 'insufficient-response',
    qualifiers: ['tailor-like'],
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: ['check-adherence:suggested', 'add-allopurinol:suggested'],
    safetyFlags: none,
    missing: none,
    indicator: 'warning',
  },
  // Baseline 10×ULN; latest in days 21–42 (day 42) fell 48 % < 50 %.
  'case-e4': {
    response: 'non-response',
    qualifiers: none,
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: [
      'refer-specialist-centre:suggested',
      'reconsider-diagnosis:suggested',
      'check-adherence:suggested',
    ],
    safetyFlags: ['reproductive-potential'],
    missing: none,
    indicator: 'critical',
  },
  // Exactly 50 % on day 42 is not < 50 %; day 43's rise is outside the window. As-of < Tline + 183 d.
  'case-e5': {
    response: 'too-early',
    qualifiers: none,
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: ['reassess-at-6-months:suggested'],
    safetyFlags: ['reproductive-potential'],
    missing: none,
    indicator: 'info',
  },
  // Azathioprine stopped for nausea 40 days ago, nothing second-line since: actionable. Pregnant by a status
  // answer 8½ months ago (within 9 months): MMF blocked, no contraception warning; 6-MP/6-TG suggested.
  'case-e6': {
    response: 'complete-biochemical-response',
    qualifiers: none,
    line: 'first',
    intolerance: ['azathioprine'],
    actionableIntolerance: ['azathioprine'],
    recommendations: [
      'switch-to-mmf:blocked[pregnancy]',
      'switch-to-mercaptopurine-or-thioguanine:suggested',
    ],
    safetyFlags: ['pregnancy'],
    missing: none,
    indicator: 'warning',
  },
  // ALT 1.25×ULN after day 150, no panel. The 100 mg order stopped at the switch to 200 mg is not taken:
  // 200 mg / 90 kg = 2.2 mg/kg is "after optimisation" (MMF and tacrolimus); 6-MMP 12000 adds allopurinol
  // with azathioprine 50 mg. WBC 2.6×10⁹/L (written x10E3/uL): leukopenia warns on thiopurine and MMF.
  'case-e7': {
    response: 'insufficient-response',
    qualifiers: none,
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: [
      'check-adherence:suggested',
      'add-allopurinol:suggested',
      'mmf-after-optimisation:suggested',
      'consider-tacrolimus:suggested',
    ],
    safetyFlags: ['leukopenia'],
    missing: none,
    indicator: 'warning',
  },
  // CBR panel at 3 months, then ALT 2.11×ULN once: a loss event.
  'case-o1': {
    response: 'loss-of-response',
    qualifiers: none,
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: ['check-adherence:suggested', 'measure-thiopurine-metabolites:suggested'],
    safetyFlags: none,
    missing: none,
    indicator: 'warning',
  },
  // INR 2.6 while warfarin is current: not decompensated. 6-MMP 2100, 6-TGN 150, 100 mg / 85 kg < 2 mg/kg.
  'case-o2': {
    response: 'insufficient-response',
    qualifiers: none,
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: ['check-adherence:suggested', 'optimise-azathioprine:suggested'],
    safetyFlags: none,
    missing: none,
    indicator: 'warning',
  },
  // INR 1.6 four months ago, no vitamin K antagonist: decompensated, referral first.
  'case-o3': {
    response: 'insufficient-response',
    qualifiers: none,
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: [
      'refer-specialist-centre:suggested',
      'check-adherence:suggested',
      'measure-thiopurine-metabolites:suggested',
    ],
    safetyFlags: ['decompensated'],
    missing: none,
    indicator: 'critical',
  },
  // Liver transplant only as a Procedure (CPT 47135): out of scope.
  'case-o4': {
    response: 'out-of-scope',
    qualifiers: none,
    line: 'first',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: ['refer-specialist-centre:suggested'],
    safetyFlags: none,
    missing: none,
    indicator: 'info',
  },
  // Switched to MMF in remission (baseline 0.9×ULN cannot show non-response); panel at 3 months of MMF.
  // The azathioprine intolerance is history: MMF was started after it.
  'case-o5': {
    response: 'complete-biochemical-response',
    qualifiers: none,
    line: 'second',
    intolerance: ['azathioprine'],
    actionableIntolerance: none,
    recommendations: ['continue-current-therapy:suggested'],
    safetyFlags: ['prior-mmf'],
    missing: none,
    indicator: 'info',
  },
  // In a searchset Bundle. CBR panel at 4 months; years later AST 1.2 then 1.29×ULN 20 days apart (ALT
  // normal): a loss event. 6-TGN 260 ≥ 220: already optimised, 6-MMP low: no allopurinol. The active
  // prednisone intolerance is actionable (prednisone is current); budesonide is blocked by cirrhosis.
  'case-b1': {
    response: 'loss-of-response',
    qualifiers: none,
    line: 'first',
    intolerance: ['prednisone'],
    actionableIntolerance: ['prednisone'],
    recommendations: ['check-adherence:suggested', 'switch-to-budesonide:blocked[cirrhosis]'],
    safetyFlags: ['cirrhosis'],
    missing: none,
    indicator: 'warning',
  },
  // AIH without any first-line agent on record.
  'case-b2': {
    response: 'untreated',
    qualifiers: none,
    line: 'none',
    intolerance: none,
    actionableIntolerance: none,
    recommendations: none,
    safetyFlags: ['reproductive-potential'],
    missing: none,
    indicator: 'info',
  },
};

function classify(asOf: string): Map<string, Assessment> {
  const run = runBuilt('classify', [
    '--as-of',
    asOf,
    '--site-config',
    join(CASES, 'site-config.json'),
    join(CASES, 'epic'),
    join(CASES, 'oracle'),
    join(CASES, 'searchset-bundle.json'),
  ]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const lines = run.stdout.split('\n').filter((line) => line.length > 0);
  return new Map(
    lines.map((line) => {
      const assessment = JSON.parse(line) as Assessment;
      return [assessment.patientId, assessment];
    }),
  );
}

function recommendationLine(rec: Assessment['recommendations'][number]): string {
  return rec.status === 'blocked'
    ? `${rec.id}:blocked[${(rec.blockedBy ?? []).join(',')}]`
    : `${rec.id}:${rec.status}`;
}

/** Every key whose value is null or an empty array, anywhere in the card (§8: neither may appear). */
function emptyOrNull(value: unknown, path = 'card'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value))
    return value.length === 0 ? [path] : value.flatMap((item, i) => emptyOrNull(item, `${path}[${i}]`));
  if (typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => emptyOrNull(item, `${path}.${key}`));
  return [];
}

let byPatient: Map<string, Assessment>;
beforeAll(() => {
  ensureBuilt();
  byPatient = classify(AS_OF);
}, 180_000);

describe('clinical cases through the built classify command (rules v2, by hand)', () => {
  it('assesses every patient of both exports, several per file', () => {
    expect([...byPatient.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [patientId, expected] of Object.entries(EXPECTED)) {
    it(`${patientId}: ${expected.response}`, () => {
      const assessment = byPatient.get(patientId)!;
      expect(assessment.rulesVersion).toBe('2');
      expect(assessment.asOf).toBe(AS_OF);
      expect({
        response: assessment.response,
        qualifiers: assessment.qualifiers,
        line: assessment.line,
        intolerance: assessment.intolerance,
        actionableIntolerance: assessment.actionableIntolerance,
        recommendations: assessment.recommendations.map(recommendationLine),
        safetyFlags: assessment.safetyFlags,
        missing: assessment.missing,
        indicator: assessment.card.indicator,
      }).toEqual(expected);
      expect(assessment.card.summary.length).toBeLessThan(140);
      expect(emptyOrNull(assessment.card)).toEqual([]);
      const suggestions = assessment.card.suggestions ?? [];
      expect(suggestions.map((s) => s.isRecommended === true)).toEqual(suggestions.map((_, i) => i === 0));
      if (suggestions.length > 0) expect(assessment.card.selectionBehavior).toBe('at-most-one');
    });
  }

  it('case-e3: the allopurinol suggestion carries the azathioprine draft at 25 % of 200 mg/day', () => {
    const suggestion = byPatient.get('case-e3')!.card.suggestions![0]!;
    const drafts = suggestion.actions!.map((action) => action.resource as Record<string, unknown>);
    expect(drafts.map((d) => (d.medicationCodeableConcept as { text: string }).text)).toEqual([
      'allopurinol',
      'azathioprine',
    ]);
    const aza = JSON.stringify(drafts[1]!.dosageInstruction);
    expect(aza).toContain('Azathioprine 50 mg daily');
  });

  it('case-e7: the reduced azathioprine is 25 % of the 200 mg taken, not of 200 + the replaced 100 mg', () => {
    const assessment = byPatient.get('case-e7')!;
    const drafts = assessment.card.suggestions![0]!.actions!.map((a) => JSON.stringify(a.resource));
    expect(drafts[1]).toContain('Azathioprine 50 mg daily (25% of the current 200 mg/day');
    const warned = assessment.recommendations
      .filter((r) => r.warnings?.includes('leukopenia'))
      .map((r) => r.id);
    expect(warned).toEqual(['add-allopurinol', 'mmf-after-optimisation']);
  });

  it('decision identifiers are the same on another as-of date', () => {
    const later = classify('2026-06-16');
    const ids = (assessment: Assessment) =>
      (assessment.card.suggestions ?? []).flatMap((s) =>
        (s.actions ?? []).map((a) => JSON.stringify((a.resource as { identifier?: unknown }).identifier)),
      );
    for (const patientId of ['case-e3', 'case-e6']) {
      const now = ids(byPatient.get(patientId)!);
      expect(now.length).toBeGreaterThan(0);
      expect(ids(later.get(patientId)!)).toEqual(now);
    }
  });

  it('case-e6: the pregnancy-status answer of 2025-09-15 counts for 9 months (274 days), not a day more', () => {
    const last = classify('2026-06-16').get('case-e6')!;
    expect(last.safetyFlags).toContain('pregnancy');
    const after = classify('2026-06-17').get('case-e6')!;
    expect(after.safetyFlags).not.toContain('pregnancy');
    expect(after.safetyFlags).toContain('reproductive-potential');
    // Still within 90 days of the azathioprine stop: the intolerance stays actionable, MMF now suggested.
    expect(after.recommendations.map(recommendationLine)).toEqual([
      'switch-to-mmf:suggested',
      'switch-to-mercaptopurine-or-thioguanine:suggested',
    ]);
  });
});
