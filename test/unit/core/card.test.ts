import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_LINK_LABEL, buildCard, cardIndicator, OVERRIDE_REASON_SYSTEM } from '../../../src/core/card.js';
import { cdsCardSchema } from '../../../src/core/card-schema.js';
import { RECOMMENDATION_CATALOGUE } from '../../../src/core/recommendation-catalogue.js';
import type {
  AnalyteId,
  Assessment,
  EvidenceItem,
  RecommendationId,
  RecommendationResult,
  SafetyFlagId,
  UlnSource,
} from '../../../src/core/types.js';

type CardInput = Omit<Assessment, 'card'>;

function assessment(over: Partial<CardInput> = {}): CardInput {
  return {
    rulesVersion: '2',
    patientId: 'p1',
    asOf: '2025-09-01',
    response: 'complete-biochemical-response',
    qualifiers: [],
    line: 'first',
    intolerance: [],
    actionableIntolerance: [],
    recommendations: [],
    safetyFlags: [],
    missing: [],
    dataQuality: [],
    evidence: [],
    explanation: {
      ruleId: over.response ?? 'complete-biochemical-response',
      source: 'IAIHG-2022',
      text: 'The decision in one sentence.',
      regimen: ['prednisolone', 'azathioprine'],
      tLine: '2025-01-01',
      sixMonthDate: '2025-07-03',
    },
    periods: [],
    ...over,
  };
}

function rec(
  id: RecommendationId,
  status: 'suggested' | 'blocked' = 'suggested',
  flags: { blockedBy?: SafetyFlagId[]; warnings?: SafetyFlagId[] } = {},
): RecommendationResult {
  const e = RECOMMENDATION_CATALOGUE[id];
  return {
    id,
    status,
    blockedBy: flags.blockedBy ?? [],
    warnings: flags.warnings ?? [],
    source: e.source,
    title: e.title,
    text: e.text,
    grade: e.grade,
    evidence: e.evidence,
  };
}

const ULN: Record<string, number> = { alt: 40, ast: 34, igg: 16 };

function ev(
  analyte: AnalyteId,
  xUln: number,
  role: string,
  date = '2025-08-20',
  ulnSource: UlnSource = 'lab',
): EvidenceItem {
  const uln = ULN[analyte] ?? 1;
  return {
    analyte,
    date,
    xUln,
    value: Math.round(xUln * uln * 100) / 100,
    unit: analyte === 'igg' ? 'g/L' : 'U/L',
    uln,
    ulnSource,
    resource: `Observation/${analyte}-${date}-${role}`,
    role,
  };
}

const OPTIONS = { asOf: '2025-09-01', patientId: 'p1' };

function card(a: CardInput, options: Partial<typeof OPTIONS> & { appLaunchUrl?: string } = {}) {
  const built = buildCard(a, { ...OPTIONS, ...options });
  // Every card the builder makes must be a valid CDS Hooks card.
  expect(cdsCardSchema.safeParse(built).error?.issues).toBeUndefined();
  return built;
}

describe('card indicator', () => {
  it('is critical with the decompensated flag, whatever the response', () => {
    expect(cardIndicator(assessment({ safetyFlags: ['decompensated'] }))).toBe('critical');
    expect(
      cardIndicator(assessment({ response: 'too-early', safetyFlags: ['cirrhosis', 'decompensated'] })),
    ).toBe('critical');
  });

  it('is critical for non-response', () => {
    expect(cardIndicator(assessment({ response: 'non-response' }))).toBe('critical');
  });

  it('is a warning for insufficient response and loss of response', () => {
    expect(cardIndicator(assessment({ response: 'insufficient-response' }))).toBe('warning');
    expect(cardIndicator(assessment({ response: 'loss-of-response' }))).toBe('warning');
  });

  it('is a warning for actionable intolerance even with a complete response', () => {
    const a = assessment({ intolerance: ['azathioprine'], actionableIntolerance: ['azathioprine'] });
    expect(cardIndicator(a)).toBe('warning');
  });

  it('is a warning when any recommendation is blocked', () => {
    const a = assessment({
      response: 'too-early',
      recommendations: [
        rec('reassess-at-6-months'),
        rec('switch-to-budesonide', 'blocked', { blockedBy: ['cirrhosis'] }),
      ],
    });
    expect(cardIndicator(a)).toBe('warning');
  });

  it('is info otherwise, including intolerance that is only history', () => {
    expect(cardIndicator(assessment())).toBe('info');
    expect(cardIndicator(assessment({ response: 'too-early' }))).toBe('info');
    expect(cardIndicator(assessment({ response: 'insufficient-data' }))).toBe('info');
    expect(cardIndicator(assessment({ intolerance: ['azathioprine'], actionableIntolerance: [] }))).toBe(
      'info',
    );
  });

  it('is the indicator the card carries', () => {
    expect(card(assessment({ response: 'non-response' })).indicator).toBe('critical');
  });
});

describe('card summary', () => {
  it('names the state and the latest values above the ULN', () => {
    const a = assessment({
      response: 'insufficient-response',
      evidence: [ev('alt', 2.31, 'latest'), ev('ast', 0.9, 'latest'), ev('igg', 1.42, 'latest')],
    });
    expect(card(a).summary).toBe('Insufficient response at 6 months: ALT 2.3×ULN, IgG 1.4×ULN');
  });

  it('gives the reassessment date when it is too early', () => {
    const a = assessment({
      response: 'too-early',
      explanation: { ...assessment().explanation, sixMonthDate: '2026-03-04' },
    });
    expect(card(a).summary).toBe('Too early to assess: reassess on 2026-03-04');
  });

  it('names what is missing when data are insufficient', () => {
    const a = assessment({
      response: 'insufficient-data',
      missing: ['IgG since 2025-01-01', 'AST since 2025-06-01'],
    });
    const summary = card(a).summary;
    expect(summary).toContain('IgG since 2025-01-01');
    expect(summary).toContain('AST since 2025-06-01');
  });

  it('does not round a value above the ULN down to 1.0×ULN', () => {
    const a = assessment({ response: 'insufficient-response', evidence: [ev('alt', 1.04, 'latest')] });
    expect(card(a).summary).toContain('ALT 1.04×ULN');
  });

  it('shows the baseline, the week-4 value and the fall for non-response', () => {
    const a = assessment({
      response: 'non-response',
      evidence: [ev('alt', 8, 'baseline', '2024-12-20'), ev('alt', 6, 'week-4', '2025-01-29')],
    });
    expect(card(a).summary).toBe(
      'Non-response at week 4: ALT 8.0×ULN at baseline, 6.0×ULN at week 4 (fell 25%)',
    );
  });

  it('dates the loss event', () => {
    const a = assessment({
      response: 'loss-of-response',
      evidence: [ev('alt', 2.4, 'loss-event', '2025-08-02')],
    });
    expect(card(a).summary).toContain('ALT 2.4×ULN on 2025-08-02');
  });

  it('asks for a repeat test when the latest value is above the ULN after a complete response', () => {
    const a = assessment({
      qualifiers: ['latest-above-uln'],
      evidence: [
        ev('alt', 0.8, 'cbr-panel'),
        ev('ast', 0.7, 'cbr-panel'),
        ev('igg', 0.9, 'cbr-panel'),
        ev('alt', 1.2, 'latest-above-uln'),
      ],
    });
    const summary = card(a).summary;
    expect(summary).toContain(
      'Complete biochemical response by 6 months: ALT 0.8×ULN, AST 0.7×ULN, IgG 0.9×ULN',
    );
    expect(summary).toContain('latest ALT 1.2×ULN: repeat test');
  });

  it('says when a default ULN was used and names actionable intolerance', () => {
    const a = assessment({
      qualifiers: ['uln-default'],
      intolerance: ['azathioprine'],
      actionableIntolerance: ['azathioprine'],
      evidence: [ev('alt', 0.8, 'cbr-panel', '2025-05-01', 'default')],
    });
    const summary = card(a).summary;
    expect(summary).toContain('intolerance: azathioprine');
    expect(summary).toContain('default ULN used');
  });

  it('stays under 140 characters for long cases of every state', () => {
    const states: CardInput['response'][] = [
      'not-applicable',
      'out-of-scope',
      'untreated',
      'loss-of-response',
      'complete-biochemical-response',
      'late-response',
      'non-response',
      'too-early',
      'insufficient-response',
      'insufficient-data',
    ];
    const roles = [
      'cbr-panel',
      'loss-event',
      'baseline',
      'week-4',
      'latest',
      'tailor-alt',
      'latest-above-uln',
    ];
    const evidence = roles.flatMap((role, i) =>
      (['alt', 'ast', 'igg'] as const).map((analyte, j) =>
        ev(analyte, 1.04 + i + j / 7, role, `2025-0${(i % 8) + 1}-1${j}`),
      ),
    );
    for (const response of states) {
      const a = assessment({
        response,
        line: 'second',
        qualifiers: ['tailor-like', 'latest-above-uln', 'uln-default', 'second-line-failure'],
        safetyFlags: ['decompensated', 'pregnancy', 'leukopenia'],
        intolerance: ['azathioprine', 'prednisolone', 'mercaptopurine'],
        actionableIntolerance: ['azathioprine', 'prednisolone', 'mercaptopurine'],
        missing: Array.from(
          { length: 12 },
          (_, i) => `A very long description of missing item number ${i} with its window`,
        ),
        evidence,
      });
      const summary = card(a).summary;
      expect(summary.length, `${response}: ${summary}`).toBeLessThan(140);
      expect(summary.length).toBeGreaterThan(10);
    }
  });

  it('cuts a long missing list with "and N more"', () => {
    const missing = Array.from({ length: 10 }, (_, i) => `IgG result number ${i} in window`);
    const summary = card(assessment({ response: 'insufficient-data', missing })).summary;
    expect(summary.length).toBeLessThan(140);
    expect(summary).toMatch(/and \d+ more/);
  });
});

describe('card detail', () => {
  const a = assessment({
    response: 'insufficient-response',
    qualifiers: ['uln-default'],
    safetyFlags: ['cirrhosis', 'reproductive-potential'],
    explanation: {
      ...assessment().explanation,
      ruleId: 'insufficient-response',
      text: 'No complete response panel by the 6-month point.',
    },
    evidence: [
      ev('alt', 2.3, 'latest', '2025-08-20', 'default'),
      ev('igg', 1.4, 'latest', '2025-08-21', 'lab'),
    ],
    recommendations: [
      rec('check-adherence'),
      rec('switch-to-budesonide', 'blocked', { blockedBy: ['cirrhosis'] }),
      rec('mmf-after-optimisation', 'suggested', { warnings: ['reproductive-potential'] }),
    ],
    dataQuality: Array.from({ length: 8 }, (_, i) => ({
      code: 'unit-not-convertible',
      resource: `Observation/q${i}`,
      message: `Unit of result ${i} not convertible`,
    })),
  });
  const detail = card(a).detail ?? '';

  it('states the rule id, its source and the explanation', () => {
    expect(detail).toContain('`insufficient-response`');
    expect(detail).toContain('IAIHG-2022');
    expect(detail).toContain('No complete response panel by the 6-month point.');
  });

  it('lists the deciding observations with date, value, unit, ULN and its source, marking default ULNs', () => {
    expect(detail).toMatch(/2025-08-20 ALT 92 U\/L, ULN 40 U\/L \(\*\*default ULN\*\*[^)]*\) = 2\.3×ULN/);
    expect(detail).toContain('2025-08-21 IgG 22.4 g/L, ULN 16 g/L (lab reference range) = 1.4×ULN');
  });

  it('shows each recommendation with grade and evidence, blocked ones with the blocking flag', () => {
    const mmf = RECOMMENDATION_CATALOGUE['mmf-after-optimisation'];
    expect(detail).toContain(mmf.grade);
    expect(detail).toContain(mmf.evidence);
    expect(detail).toMatch(/~~Switch to budesonide~~ \*\*Not suggested: blocked by cirrhosis/);
    expect(detail).toContain('counsel on pregnancy prevention');
  });

  it('lists safety flags and caps data-quality notes with "and N more"', () => {
    expect(detail).toContain('**Safety flags**');
    expect(detail).toContain('Cirrhosis or portal hypertension');
    expect(detail).toContain('Unit of result 4 not convertible');
    expect(detail).not.toContain('Unit of result 5 not convertible');
    expect(detail).toContain('and 3 more');
  });

  it('escapes Markdown and HTML coming from the record', () => {
    const hostile = assessment({
      dataQuality: [{ code: 'x', message: '[click](https://evil.example) <img src=x> **bold**' }],
    });
    const text = card(hostile).detail ?? '';
    expect(text).not.toContain('[click](');
    expect(text).not.toContain('<img');
    expect(text).toContain('\\[click\\]');
  });
});

describe('card suggestions', () => {
  it('creates draft proposals in recommendation order, recommending only the first', () => {
    const a = assessment({
      response: 'insufficient-response',
      recommendations: [
        rec('check-adherence'),
        rec('measure-thiopurine-metabolites'),
        rec('mmf-after-optimisation'),
        rec('consider-tacrolimus'),
      ],
    });
    const c = card(a);
    expect(c.selectionBehavior).toBe('at-most-one');
    expect(c.suggestions?.map((s) => s.label)).toEqual([
      `${RECOMMENDATION_CATALOGUE['measure-thiopurine-metabolites'].title} (draft proposal)`,
      `${RECOMMENDATION_CATALOGUE['mmf-after-optimisation'].title} (draft proposal)`,
      `${RECOMMENDATION_CATALOGUE['consider-tacrolimus'].title} (draft proposal)`,
    ]);
    expect(c.suggestions?.map((s) => s.isRecommended)).toEqual([true, undefined, undefined]);
    expect(c.suggestions?.every((s) => !('isRecommended' in s) || s.isRecommended === true)).toBe(true);
  });

  it('measures thiopurine metabolites with a draft ServiceRequest', () => {
    const c = card(
      assessment({ response: 'loss-of-response', recommendations: [rec('measure-thiopurine-metabolites')] }),
    );
    const action = c.suggestions?.[0]?.actions[0];
    expect(action?.type).toBe('create');
    expect(action?.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'proposal',
      subject: { reference: 'Patient/p1' },
      code: { text: 'Thiopurine metabolites (6-TGN, 6-MMP) in red blood cells' },
    });
  });

  it('proposes a drug as a draft MedicationRequest with RxNorm ingredient, AIH reason and dosage text', () => {
    const c = card(
      assessment({
        recommendations: [rec('consider-tacrolimus', 'suggested', { warnings: ['egfr-below-60'] })],
      }),
    );
    const action = c.suggestions?.[0]?.actions[0];
    expect(action?.resource).toMatchObject({
      resourceType: 'MedicationRequest',
      status: 'draft',
      intent: 'proposal',
      subject: { reference: 'Patient/p1' },
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '42316' }],
      },
      reasonCode: [
        {
          coding: [{ system: 'http://snomed.info/sct', code: '408335007', display: 'Autoimmune hepatitis' }],
        },
      ],
      dosageInstruction: [{ text: 'Tacrolimus: dose to a trough of 3–7 ng/mL (BavenPronk-2022)' }],
    });
    expect(action?.description).toContain('eGFR below 60');
  });

  it('never turns a blocked recommendation into a suggestion', () => {
    const a = assessment({
      response: 'insufficient-response',
      safetyFlags: ['pregnancy'],
      recommendations: [
        rec('switch-to-mmf', 'blocked', { blockedBy: ['pregnancy'] }),
        rec('add-allopurinol', 'blocked', { blockedBy: ['pregnancy'] }),
        rec('consider-tacrolimus'),
      ],
    });
    const c = card(a);
    expect(c.suggestions).toHaveLength(1);
    const drugs = c.suggestions?.flatMap((s) => s.actions.map((x) => JSON.stringify(x.resource)));
    expect(drugs?.join()).not.toMatch(/68149|"519"/);
  });

  it('omits suggestions and selectionBehavior when nothing can be ordered', () => {
    const all = card(assessment({ recommendations: [rec('continue-current-therapy')] }));
    expect('suggestions' in all).toBe(false);
    expect('selectionBehavior' in all).toBe(false);
    const blocked = card(
      assessment({ recommendations: [rec('switch-to-mmf', 'blocked', { blockedBy: ['pregnancy'] })] }),
    );
    expect('suggestions' in blocked).toBe(false);
  });

  it('proposes the same drug once when two recommendations lead to it', () => {
    const c = card(assessment({ recommendations: [rec('switch-to-mmf'), rec('mmf-after-optimisation')] }));
    expect(c.suggestions).toHaveLength(1);
  });
});

describe('card links, source and override reasons', () => {
  it('links the SMART app only when a launch URL is given', () => {
    expect('links' in card(assessment())).toBe(false);
    const withLink = card(assessment(), { appLaunchUrl: 'https://app.example.org/launch.html' });
    expect(withLink.links).toEqual([
      { label: APP_LINK_LABEL, url: 'https://app.example.org/launch.html', type: 'smart' },
    ]);
  });

  it('cites EASL-2025 as the source', () => {
    expect(card(assessment()).source).toEqual({
      label: 'EASL Clinical Practice Guidelines: autoimmune hepatitis (2025)',
      url: 'https://doi.org/10.1016/j.jhep.2025.03.017',
    });
  });

  it('offers the five override reasons in the project code system', () => {
    const reasons = card(assessment()).overrideReasons ?? [];
    expect(reasons.map((r) => r.code)).toEqual([
      'patient-preference',
      'contraindication-not-recorded',
      'specialist-care',
      'clinical-judgement',
      'data-incomplete',
    ]);
    expect(reasons.every((r) => r.system === OVERRIDE_REASON_SYSTEM && r.display.length > 0)).toBe(true);
  });

  it('contains no null values or empty arrays', () => {
    const json = JSON.stringify(card(assessment({ response: 'insufficient-data' })));
    expect(json).not.toContain('null');
    expect(json).not.toContain('[]');
  });
});

describe('card uuids', () => {
  const a = assessment({
    response: 'insufficient-response',
    evidence: [ev('alt', 2.3, 'latest')],
    recommendations: [rec('measure-thiopurine-metabolites'), rec('consider-tacrolimus')],
  });

  it('are the same for the same patient, as-of date and content', () => {
    const first = buildCard(a, OPTIONS);
    const second = buildCard(structuredClone(a), { ...OPTIONS });
    expect(second.uuid).toBe(first.uuid);
    expect(second.suggestions?.map((s) => s.uuid)).toEqual(first.suggestions?.map((s) => s.uuid));
    expect(first.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('do not depend on whether the SMART link is present', () => {
    expect(buildCard(a, { ...OPTIONS, appLaunchUrl: 'https://app.example.org/launch' }).uuid).toBe(
      buildCard(a, OPTIONS).uuid,
    );
  });

  it('change with the patient, the as-of date and the content', () => {
    const base = buildCard(a, OPTIONS).uuid;
    expect(buildCard(a, { ...OPTIONS, patientId: 'p2' }).uuid).not.toBe(base);
    expect(buildCard(a, { ...OPTIONS, asOf: '2025-09-02' }).uuid).not.toBe(base);
    expect(buildCard({ ...a, evidence: [ev('alt', 2.4, 'latest')] }, OPTIONS).uuid).not.toBe(base);
  });

  it('are unique within a card', () => {
    const c = buildCard(a, OPTIONS);
    const ids = [c.uuid, ...(c.suggestions ?? []).map((s) => s.uuid)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('come from options.uuid when given, seeded with patient, date and recommendation', () => {
    const seeds: string[] = [];
    const c = buildCard(a, {
      ...OPTIONS,
      uuid: (seed) => {
        seeds.push(seed);
        return `uuid-${seeds.length}`;
      },
    });
    expect(c.suggestions?.map((s) => s.uuid)).toEqual(['uuid-1', 'uuid-2']);
    expect(c.uuid).toBe('uuid-3');
    expect(seeds[0]).toContain('p1');
    expect(seeds[0]).toContain('2025-09-01');
    expect(seeds[0]).toContain('measure-thiopurine-metabolites');
    expect(seeds[1]).toContain('consider-tacrolimus');
  });
});

describe('card properties over random assessments', () => {
  const ids = Object.keys(RECOMMENDATION_CATALOGUE) as RecommendationId[];
  const flags: SafetyFlagId[] = [
    'pregnancy',
    'reproductive-potential',
    'egfr-below-60',
    'cirrhosis',
    'decompensated',
    'leukopenia',
    'prior-mmf',
    'prior-tacrolimus',
  ];
  const states: CardInput['response'][] = [
    'not-applicable',
    'out-of-scope',
    'untreated',
    'loss-of-response',
    'complete-biochemical-response',
    'late-response',
    'non-response',
    'too-early',
    'insufficient-response',
    'insufficient-data',
  ];
  const recommendation = fc
    .record({
      id: fc.constantFrom(...ids),
      blocked: fc.boolean(),
      flags: fc.subarray(flags),
      warnings: fc.subarray(flags),
    })
    .map((r) =>
      rec(r.id, r.blocked ? 'blocked' : 'suggested', {
        blockedBy: r.blocked ? r.flags : [],
        warnings: r.warnings,
      }),
    );
  const evidence = fc
    .record({
      analyte: fc.constantFrom<AnalyteId>('alt', 'ast', 'igg'),
      xUln: fc.double({ min: 0.01, max: 40, noNaN: true }),
      role: fc.constantFrom(
        'cbr-panel',
        'loss-event',
        'baseline',
        'week-4',
        'latest',
        'tailor-alt',
        'latest-above-uln',
      ),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map((e) => ev(e.analyte, e.xUln, e.role, `2025-06-${String(e.day).padStart(2, '0')}`));
  const input = fc.record({
    response: fc.constantFrom(...states),
    recommendations: fc.uniqueArray(recommendation, { selector: (r) => r.id, maxLength: 8 }),
    safetyFlags: fc.subarray(flags),
    evidence: fc.array(evidence, { maxLength: 12 }),
    missing: fc.array(fc.string({ minLength: 1, maxLength: 80 }), { maxLength: 6 }),
    notes: fc.array(fc.string({ minLength: 1, maxLength: 120 }), { maxLength: 9 }),
  });

  it('always gives a valid card whose suggestions come only from suggested recommendations', () => {
    fc.assert(
      fc.property(input, (i) => {
        const a = assessment({
          response: i.response,
          recommendations: i.recommendations,
          safetyFlags: i.safetyFlags,
          evidence: i.evidence,
          missing: i.missing,
          dataQuality: i.notes.map((message) => ({ code: 'note', message })),
        });
        const c = buildCard(a, OPTIONS);
        expect(cdsCardSchema.safeParse(c).error?.issues).toBeUndefined();
        expect(c.summary.length).toBeLessThan(140);
        const suggestedTitles = new Set(
          i.recommendations.filter((r) => r.status === 'suggested').map((r) => `${r.title} (draft proposal)`),
        );
        for (const s of c.suggestions ?? []) expect(suggestedTitles.has(s.label), s.label).toBe(true);
        expect(c.suggestions?.filter((s) => s.isRecommended).length ?? 0).toBeLessThanOrEqual(1);
        if (c.suggestions) expect(c.suggestions[0]?.isRecommended).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
