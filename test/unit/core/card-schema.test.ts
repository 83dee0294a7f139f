import { describe, expect, it } from 'vitest';
import { cdsCardSchema, cdsResponseSchema } from '../../../src/core/card-schema.js';

function validCard(): Record<string, unknown> {
  return {
    uuid: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
    summary: 'Insufficient response at 6 months: ALT 2.3×ULN',
    detail: '**Insufficient response**',
    indicator: 'warning',
    source: {
      label: 'EASL Clinical Practice Guidelines: autoimmune hepatitis (2025)',
      url: 'https://doi.org/10.1016/j.jhep.2025.03.017',
    },
    suggestions: [
      {
        label: 'Consider tacrolimus (draft proposal)',
        uuid: 'e56e1945-20b3-4393-8503-a1a20fd73152',
        isRecommended: true,
        actions: [
          {
            type: 'create',
            description: 'Draft proposal for review.',
            resource: {
              resourceType: 'MedicationRequest',
              status: 'draft',
              intent: 'proposal',
              subject: { reference: 'Patient/p1' },
              dosageInstruction: [{ text: 'Tacrolimus: dose to a trough of 3–7 ng/mL' }],
            },
          },
        ],
      },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: [
      {
        system: 'https://aih-navigator.org/fhir/CodeSystem/override-reason',
        code: 'clinical-judgement',
        display: 'Clinical judgement',
      },
    ],
    links: [{ label: 'Open AIH Navigator', url: 'https://app.example.org/launch', type: 'smart' }],
  };
}

function without(card: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...card };
  delete copy[key];
  return copy;
}

/** The messages of a failed parse, for readable assertions. */
function problems(value: unknown): string {
  const result = cdsCardSchema.safeParse(value);
  return result.success ? '' : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
}

describe('CDS Hooks card schema', () => {
  it('accepts a complete, valid card and a minimal one', () => {
    expect(problems(validCard())).toBe('');
    expect(problems({ summary: 'Too early to assess', indicator: 'info', source: { label: 'EASL' } })).toBe(
      '',
    );
  });

  it('requires summary, indicator and source', () => {
    expect(problems(without(validCard(), 'summary'))).toMatch(/summary/);
    expect(problems({ ...validCard(), indicator: 'urgent' })).toMatch(/indicator/);
    expect(problems(without(validCard(), 'source'))).toMatch(/source/);
  });

  it('rejects a summary of 140 characters or more, and a blank one', () => {
    expect(problems({ ...validCard(), summary: 'x'.repeat(139) })).toBe('');
    expect(problems({ ...validCard(), summary: 'x'.repeat(140) })).toMatch(/shorter than 140/);
    expect(problems({ ...validCard(), summary: '   ' })).toMatch(/blank/);
  });

  it('rejects null values', () => {
    expect(problems({ ...validCard(), detail: null })).toMatch(/detail/);
    expect(problems({ ...validCard(), links: null })).toMatch(/links/);
  });

  it('rejects empty arrays', () => {
    expect(problems({ ...validCard(), suggestions: [] })).toMatch(/suggestions/);
    expect(problems({ ...validCard(), overrideReasons: [] })).toMatch(/overrideReasons/);
    expect(problems({ ...validCard(), links: [] })).toMatch(/links/);
  });

  it('rejects nulls, empty arrays and empty objects inside action resources', () => {
    const withResource = (resource: Record<string, unknown>) => {
      const card = validCard();
      const suggestions = card.suggestions as { actions: { resource: unknown }[] }[];
      const action = suggestions[0]?.actions[0];
      if (action) action.resource = resource;
      return card;
    };
    expect(problems(withResource({ resourceType: 'MedicationRequest', note: null }))).toMatch(/null values/);
    expect(problems(withResource({ resourceType: 'MedicationRequest', note: [] }))).toMatch(/empty arrays/);
    expect(problems(withResource({ resourceType: 'MedicationRequest', subject: {} }))).toMatch(
      /empty objects/,
    );
    expect(problems(withResource({ status: 'draft' }))).toMatch(/resourceType/);
  });

  it('requires selectionBehavior when there are suggestions', () => {
    expect(problems(without(validCard(), 'selectionBehavior'))).toMatch(/selectionBehavior is required/);
    expect(problems({ ...validCard(), selectionBehavior: 'all' })).toMatch(/selectionBehavior/);
  });

  it('allows only one recommended suggestion with at-most-one selection', () => {
    const card = validCard();
    const suggestions = card.suggestions as Record<string, unknown>[];
    card.suggestions = [...suggestions, { ...suggestions[0], uuid: 'other' }];
    expect(problems(card)).toMatch(/at most one suggestion may be recommended/);
    expect(problems({ ...card, selectionBehavior: 'any' })).toBe('');
  });

  it('requires a resource on create actions and a known action type', () => {
    const card = validCard();
    card.suggestions = [{ label: 'x', actions: [{ type: 'create', description: 'no resource' }] }];
    expect(problems(card)).toMatch(/needs a resource/);
    card.suggestions = [
      { label: 'x', actions: [{ type: 'delete', description: 'remove', resourceId: 'ServiceRequest/1' }] },
    ];
    expect(problems(card)).toBe('');
    card.suggestions = [{ label: 'x', actions: [{ type: 'replace', description: 'x', resourceId: 'x' }] }];
    expect(problems(card)).toMatch(/type/);
  });

  it('requires a display on override reasons', () => {
    const reasons = [
      { system: 'https://aih-navigator.org/fhir/CodeSystem/override-reason', code: 'clinical-judgement' },
    ];
    expect(problems({ ...validCard(), overrideReasons: reasons })).toMatch(/display/);
  });

  it('checks links: absolute URL, known type, appContext only on smart links', () => {
    expect(problems({ ...validCard(), links: [{ label: 'App', url: 'not a url', type: 'smart' }] })).toMatch(
      /url/,
    );
    expect(
      problems({ ...validCard(), links: [{ label: 'App', url: 'https://a.example', type: 'iframe' }] }),
    ).toMatch(/type/);
    expect(
      problems({
        ...validCard(),
        links: [{ label: 'App', url: 'https://a.example', type: 'absolute', appContext: 'x' }],
      }),
    ).toMatch(/appContext/);
  });

  it('rejects unknown attributes so misspelt ones do not pass silently', () => {
    expect(problems({ ...validCard(), sumary: 'typo' })).toMatch(/sumary|Unrecognized/i);
  });
});

describe('CDS Hooks response schema', () => {
  it('accepts an empty card list and cards that are valid', () => {
    expect(cdsResponseSchema.safeParse({ cards: [] }).success).toBe(true);
    expect(cdsResponseSchema.safeParse({ cards: [validCard()] }).success).toBe(true);
  });

  it('rejects a response with an invalid card or without cards', () => {
    expect(cdsResponseSchema.safeParse({ cards: [{ ...validCard(), detail: null }] }).success).toBe(false);
    expect(cdsResponseSchema.safeParse({}).success).toBe(false);
  });
});
