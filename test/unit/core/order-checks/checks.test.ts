import { describe, expect, it } from 'vitest';
import { cdsCardSchema } from '../../../../src/core/card-schema.js';
import {
  aih,
  allergy,
  check,
  checksOf,
  cirrhosis,
  draft,
  egfr,
  onAzathioprine,
  order,
  patient,
  pregnancy,
  wbc,
  weight,
} from './fixtures.js';

/** A woman of 36 on prednisolone only: nothing raised. */
const base = (gender = 'female', birthDate = '1990-01-01'): Record<string, unknown>[] => [
  patient(gender, birthDate),
  aih(),
  order('pred', 'prednisolone', { startedDaysAgo: 400, mgDaily: 10 }),
  weight(70),
];
const man = (): Record<string, unknown>[] => base('male', '1970-01-01');

describe('mycophenolate or allopurinol in pregnancy', () => {
  it('is critical for mycophenolate and for allopurinol, each with a delete suggestion', () => {
    const result = check(
      [...base(), pregnancy()],
      [draft('d-mmf', 'mycophenolate'), draft('d-allo', 'allopurinol')],
    );
    const critical = result.findings.filter((f) => f.check === 'mmf-or-allopurinol-in-pregnancy');
    expect(critical.map((f) => f.draft)).toEqual(['MedicationRequest/d-mmf', 'MedicationRequest/d-allo']);
    expect(result.cards[0]!.indicator).toBe('critical');
    expect(result.cards[0]!.detail).toContain('Condition/preg');
    expect(result.cards[0]!.suggestions![0]!.actions[0]).toMatchObject({
      type: 'delete',
      resourceId: 'MedicationRequest/d-mmf',
    });
  });

  it('is not raised without a pregnancy', () => {
    const result = check(base(), [draft('d-allo', 'allopurinol')]);
    expect(checksOf(result)).not.toContain('mmf-or-allopurinol-in-pregnancy');
  });

  it('asks for contraception counselling before mycophenolate in a woman of 12–50, not in a man or at 60', () => {
    expect(checksOf(check(base(), [draft('d-mmf', 'mycophenolate')]))).toEqual([
      'mmf-without-contraception-counselling',
    ]);
    expect(check(man(), [draft('d-mmf', 'mycophenolate')]).cards).toEqual([]);
    expect(check(base('female', '1966-01-01'), [draft('d-mmf', 'mycophenolate')]).cards).toEqual([]);
  });
});

describe('budesonide with cirrhosis', () => {
  it('warns with the reason, and not without cirrhosis', () => {
    const result = check([...man(), cirrhosis()], [draft('d-bud', 'budesonide')]);
    expect(checksOf(result)).toEqual(['budesonide-with-cirrhosis']);
    expect(result.cards[0]!.indicator).toBe('warning');
    expect(result.cards[0]!.summary).toContain('portosystemic shunting');
    expect(result.cards[0]!.detail).toContain('Condition/cirr');
    expect(check(man(), [draft('d-bud', 'budesonide')]).cards).toEqual([]);
  });
});

describe('thiopurine or mycophenolate with leukopenia, tacrolimus with eGFR below 60', () => {
  it('warns with the latest WBC and its date below 3.0, not at 3.0', () => {
    const low = check([...man(), wbc(2.9)], [draft('d-aza', 'azathioprine', { mgDaily: 100 })]);
    expect(checksOf(low)).toEqual(['thiopurine-or-mmf-with-leukopenia']);
    expect(low.cards[0]!.summary).toContain('WBC 2.9 ×10⁹/L on 2026-05-22');
    expect(check([...man(), wbc(3.0)], [draft('d-aza', 'azathioprine')]).cards).toEqual([]);
    // Older than 3 months: not the flag.
    expect(check([...man(), wbc(2.0, 100)], [draft('d-aza', 'azathioprine')]).cards).toEqual([]);
  });

  it('warns for mycophenolate too, and not for a drug the flag does not concern', () => {
    expect(checksOf(check([...man(), wbc(2.5)], [draft('d-mmf', 'mycophenolate')]))).toEqual([
      'thiopurine-or-mmf-with-leukopenia',
    ]);
    expect(check([...man(), wbc(2.5)], [draft('d-tac', 'tacrolimus')]).cards).toEqual([]);
  });

  it('warns with the eGFR for tacrolimus below 60, not at 60', () => {
    const low = check([...man(), egfr(59)], [draft('d-tac', 'tacrolimus')]);
    expect(checksOf(low)).toEqual(['tacrolimus-with-egfr-below-60']);
    expect(low.cards[0]!.summary).toContain('eGFR 59');
    expect(check([...man(), egfr(60)], [draft('d-tac', 'tacrolimus')]).cards).toEqual([]);
  });
});

describe('drug with a recorded intolerance', () => {
  it('names the allergy record and its reaction', () => {
    const result = check(
      [...man(), allergy('mycophenolate', 'severe diarrhoea')],
      [draft('d', 'mycophenolate')],
    );
    expect(checksOf(result)).toEqual(['drug-with-recorded-intolerance']);
    expect(result.cards[0]!.summary).toContain('severe diarrhoea');
    expect(result.cards[0]!.detail).toContain('AllergyIntolerance/allergy-mycophenolate');
  });

  it('names a record stopped for an adverse effect', () => {
    const chart = [
      ...man(),
      order('old-aza', 'azathioprine', {
        status: 'stopped',
        startedDaysAgo: 300,
        endedDaysAgo: 250,
        statusReason: 'pancreatitis',
      }),
    ];
    const result = check(chart, [draft('d', 'azathioprine', { mgDaily: 50 })]);
    expect(checksOf(result)).toContain('drug-with-recorded-intolerance');
    expect(result.cards.find((c) => c.summary.includes('intolerance'))!.detail).toContain(
      'MedicationRequest/old-aza',
    );
  });

  it('is silent without intolerance evidence', () => {
    expect(check(man(), [draft('d', 'mycophenolate')]).cards).toEqual([]);
  });
});

describe('re-ordering a second-line agent that failed', () => {
  it('is information with the failure evidence when mycophenolate was replaced by tacrolimus', () => {
    const chart = [
      ...man(),
      order('mmf', 'mycophenolate', { status: 'completed', startedDaysAgo: 300, endedDaysAgo: 150 }),
      order('tac', 'tacrolimus', { startedDaysAgo: 140 }),
    ];
    const result = check(chart, [draft('d', 'mycophenolate')]);
    expect(checksOf(result)).toEqual(['reorder-of-failed-agent']);
    expect(result.cards[0]!.indicator).toBe('info');
    expect(result.cards[0]!.summary).toContain('replaced by tacrolimus');
  });

  it('is silent for an agent never tried', () => {
    expect(check(man(), [draft('d', 'tacrolimus')]).cards).toEqual([]);
  });
});

describe('what could not be checked', () => {
  it('names pregnancy when Conditions could not be read for a mycophenolate draft', () => {
    const result = check(
      man(),
      [draft('d', 'mycophenolate')],
      [{ resourceType: 'Condition', reason: 'HTTP 500' }],
    );
    const incomplete = result.findings.find((f) => f.check === 'order-check-incomplete');
    expect(incomplete?.summary).toContain('Not checked: pregnancy');
    expect(result.cards.find((c) => c.summary.startsWith('Not checked'))?.indicator).toBe('warning');
  });

  it('names the current azathioprine dose when orders could not be read for an allopurinol draft', () => {
    const result = check(
      man(),
      [draft('d', 'allopurinol')],
      [{ resourceType: 'MedicationRequest', reason: 'HTTP 403' }],
    );
    expect(result.findings.map((f) => f.summary).join(' ')).toContain('current azathioprine dose');
  });

  it('says nothing when the data were read, or when no drafted drug needs them', () => {
    expect(check(man(), [draft('d', 'mycophenolate')]).cards).toEqual([]);
    expect(
      check(man(), [draft('d', 'budesonide')], [{ resourceType: 'Observation', reason: 'HTTP 500' }]).cards,
    ).toEqual([]);
  });

  it('lists a draft that is not a readable MedicationRequest', () => {
    const result = check(man(), [{ resourceType: 'MedicationRequest', id: 'bad', status: 7 }]);
    expect(checksOf(result)).toEqual(['order-check-incomplete']);
    expect(result.cards[0]!.detail).toContain('MedicationRequest/bad');
  });
});

describe('draft orders', () => {
  it('recognises a drug by RxNorm product, by ingredient and by text only', () => {
    for (const coding of ['product', 'ingredient', 'text'] as const) {
      const result = check([...base(), pregnancy()], [draft('d', 'mycophenolate', { coding })]);
      expect(checksOf(result), coding).toContain('mmf-or-allopurinol-in-pregnancy');
    }
  });

  it('checks every entry of draftOrders and ignores drugs and requests it does not concern', () => {
    const result = check(
      [...onAzathioprine(150), pregnancy()],
      [
        { resourceType: 'ServiceRequest', id: 'lab', status: 'draft', intent: 'order' },
        draft('d-ibu', 'ibuprofen', { coding: 'text' }),
        draft('d-allo', 'allopurinol', { mgDaily: 100 }),
        draft('d-mmf', 'mycophenolate'),
      ],
    );
    expect(checksOf(result)).toEqual([
      'allopurinol-with-full-dose-azathioprine',
      'mmf-or-allopurinol-in-pregnancy',
      'mmf-or-allopurinol-in-pregnancy',
    ]);
  });

  it('gives no card when nothing applies', () => {
    expect(check(base(), [draft('d', 'prednisolone', { mgDaily: 10 })]).cards).toEqual([]);
  });
});

describe('cards', () => {
  it('are valid CDS Hooks cards: summary < 140, source, override reasons, uuids', () => {
    const result = check(
      [...onAzathioprine(150), pregnancy(), wbc(2.0), allergy('allopurinol', 'rash')],
      [draft('d-allo', 'allopurinol', { mgDaily: 100 }), draft('d-mmf', 'mycophenolate')],
    );
    expect(result.cards.length).toBeGreaterThan(3);
    expect(result.cards.map((c) => c.indicator)).toEqual(
      [...result.cards.map((c) => c.indicator)].sort(
        (a, b) => ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b),
      ),
    );
    for (const card of result.cards) {
      expect(cdsCardSchema.safeParse(card).success, card.summary).toBe(true);
      expect(card.summary.length).toBeLessThan(140);
      expect(card.overrideReasons?.length).toBe(5);
      expect(card.source.label.length).toBeGreaterThan(0);
    }
    expect(new Set(result.cards.map((c) => c.uuid)).size).toBe(result.cards.length);
  });
});
