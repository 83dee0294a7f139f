/** A Condition coded with a curated SNOMED CT descendant of pregnancy raises the pregnancy flag (§1, §7). */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, SNOMED, condition } from './resources.js';

const aih = condition({ system: SNOMED, code: '408335007' }, { id: 'aih' });
const flagsWith = (code: string) =>
  assess(
    mapPatientResources([aih, condition({ system: SNOMED, code }, { id: 'c2' })], { patientId: PATIENT }),
    {
      asOf: '2024-06-01',
    },
  ).safetyFlags;

describe('pregnancy descendants through the mapper', () => {
  it.each(['72892002', '47200007', '16356006'])('SNOMED CT %s raises pregnancy', (code) => {
    expect(flagsWith(code)).toContain('pregnancy');
  });

  it('an unrelated SNOMED CT code does not', () => {
    expect(flagsWith('38341003')).not.toContain('pregnancy');
  });
});
