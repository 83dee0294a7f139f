import { describe, expect, it } from 'vitest';
import { FetchLedger, type LedgerScope } from '../../../src/cds-hooks/fetch-ledger.js';

const SCOPE: LedgerScope = {
  fhirServer: 'https://fhir.example.org/r4/',
  patientId: 'p-1',
  requiredAsGaps: true,
};
const DIGEST_A = 'A'.repeat(43) + '=';
const DIGEST_B = 'B'.repeat(43) + '=';

function ledger(answers: [string, string][]): FetchLedger {
  const written = new FetchLedger();
  for (const [url, digest] of answers) written.answered(url, digest, 10);
  return written;
}

describe("the ledger of one call's reads from the FHIR server", () => {
  it('names the same answers alike in whatever order they came', () => {
    const one = ledger([
      ['Patient/p-1', DIGEST_A],
      ['Observation?code=x', DIGEST_B],
    ]).key(SCOPE);
    const other = ledger([
      ['Observation?code=x', DIGEST_B],
      ['Patient/p-1', DIGEST_A],
    ]).key(SCOPE);
    expect(one).toBeDefined();
    expect(other).toBe(one);
  });

  it('names other answers, another URL, server, patient or reading of gaps apart', () => {
    const answers: [string, string][] = [
      ['Patient/p-1', DIGEST_A],
      ['Observation?code=x', DIGEST_B],
    ];
    const key = ledger(answers).key(SCOPE);
    const keys = [
      ledger([answers[0] as [string, string], ['Observation?code=x', DIGEST_A]]).key(SCOPE),
      ledger([answers[0] as [string, string], ['Observation?code=y', DIGEST_B]]).key(SCOPE),
      ledger([answers[0] as [string, string]]).key(SCOPE),
      ledger(answers).key({ ...SCOPE, fhirServer: 'https://other.example.org/r4/' }),
      ledger(answers).key({ ...SCOPE, patientId: 'p-2' }),
      ledger(answers).key({ ...SCOPE, requiredAsGaps: false }),
    ];
    expect(new Set([key, ...keys]).size).toBe(keys.length + 1);
  });

  it('has no key once a request failed, nor before any answer came', () => {
    const failed = ledger([['Patient/p-1', DIGEST_A]]);
    failed.failed();
    expect(failed.key(SCOPE)).toBeUndefined();
    expect(new FetchLedger().key(SCOPE)).toBeUndefined();
  });

  it('weighs the text its answers held', () => {
    expect(
      ledger([
        ['a', DIGEST_A],
        ['b', DIGEST_B],
      ]).bytes,
    ).toBe(20);
  });
});
