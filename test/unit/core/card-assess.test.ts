/** The card as assess() builds it from a patient record: always a valid CDS Hooks card. */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { STATE_LABEL } from '../../../src/core/card/labels.js';
import { cdsCardSchema } from '../../../src/core/card-schema.js';
import type { PatientRecord } from '../../../src/core/types.js';
import { allergy, cond, firstLine, lab, med, panel, patient } from './builders.js';

const T = '2025-01-01';
const AS_OF = '2025-09-01';

const scenarios: Record<string, PatientRecord> = {
  'insufficient response on first line': patient({
    labs: [
      lab('alt', '2024-12-20', 400),
      ...panel('2025-03-01', 1.8, 1.2, 1.3),
      ...panel('2025-08-01', 2.3, 1.1, 1.4),
    ],
    meds: firstLine(T),
  }),
  'too early': patient({ labs: [lab('alt', '2025-06-01', 100)], meds: firstLine('2025-06-01') }),
  'no AIH diagnosis': patient({ conditions: [], labs: [lab('alt', '2025-08-01', 80)] }),
  'azathioprine intolerance with cirrhosis': patient({
    labs: [...panel('2025-03-01', 0.8, 0.7, 0.9), ...panel('2025-08-01', 0.6, 0.7, 0.8)],
    meds: firstLine(T),
    conditions: [cond('aih'), cond('cirrhosis')],
    intolerances: [allergy('azathioprine'), allergy('prednisolone')],
  }),
  'pregnant with insufficient response': patient({
    labs: [...panel('2025-08-01', 2.5, 1.5, 1.2)],
    meds: [...firstLine(T), med('allopurinol', '2025-05-01')],
    conditions: [cond('aih'), cond('pregnancy')],
  }),
};

describe('card built by assess', () => {
  for (const [name, record] of Object.entries(scenarios)) {
    it(`is a valid card for: ${name}`, () => {
      const a = assess(record, { asOf: AS_OF, appLaunchUrl: 'https://app.example.org/launch.html' });
      expect(cdsCardSchema.safeParse(a.card).error?.issues).toBeUndefined();
      expect(a.card.summary.length).toBeLessThan(140);
      expect(a.card.detail).toContain(`\`${a.explanation.ruleId}\``);
      expect(a.card.detail).toContain(`**${STATE_LABEL[a.response]}**`);
      const blocked = a.recommendations
        .filter((r) => r.status === 'blocked')
        .map((r) => `${r.title} (draft proposal)`);
      for (const s of a.card.suggestions ?? []) expect(blocked).not.toContain(s.label);
      expect(a.card.links?.[0]?.type).toBe('smart');
    });
  }

  it('gives the same card uuid on every run for the same record and date', () => {
    const record = scenarios['insufficient response on first line'];
    if (!record) throw new Error('missing scenario');
    const first = assess(record, { asOf: AS_OF });
    const second = assess(structuredClone(record), {
      asOf: AS_OF,
      appLaunchUrl: 'https://app.example.org/launch.html',
    });
    expect(second.card.uuid).toBe(first.card.uuid);
    expect(assess(record, { asOf: '2025-09-02' }).card.uuid).not.toBe(first.card.uuid);
  });
});
