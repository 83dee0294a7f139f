import { describe, expect, it } from 'vitest';
import { gapLines } from '../../../src/app/gap-words.js';
import { foreignOriginReason } from '../../../src/fhir/load/origin-pin.js';

describe('load gaps in clinical words', () => {
  it('keeps saying that the EHR pointed elsewhere, and why nothing was sent there', () => {
    const reason = foreignOriginReason('Observation: later results were', 'https://elsewhere.example.com');
    const [line] = gapLines([{ resourceType: 'Observation', reason }]);
    expect(line?.why).toMatch(
      /^later results were not read: the EHR pointed to another server \(https:\/\/elsewhere/,
    );
    expect(line?.why).toMatch(/sends your EHR sign-in only to the EHR itself/);
  });

  it('says one line per part of the record, without status codes or scopes', () => {
    const lines = gapLines([
      { resourceType: 'AllergyIntolerance', reason: 'HTTP 500 from AllergyIntolerance?patient=x' },
      { resourceType: 'Condition', reason: 'The EHR did not grant access (patient/Condition.rs)' },
    ]);
    expect(lines.map((l) => l.part)).toEqual(['allergies and intolerances', expect.any(String)]);
    expect(JSON.stringify(lines)).not.toMatch(/HTTP 500|patient\/Condition/);
  });
});
