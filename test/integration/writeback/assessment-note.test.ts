import { describe, expect, it } from 'vitest';
import { buildAssessmentNote } from '../../../src/fhir/writeback/index.js';
import { insufficientResponse } from '../../fixtures/ehr/assessment.js';
import { parseNote } from './dom.js';

const PATIENT = 'pat-91q';
const accept = { kind: 'accept', suggestionUuid: 'sugg-mmf' } as const;

describe('buildAssessmentNote', () => {
  const assessment = insufficientResponse(PATIENT);

  it('XHTML is well-formed XML and names the state, the results and the accepted suggestion', () => {
    const note = buildAssessmentNote(assessment, accept, {
      patientId: PATIENT,
      format: 'xhtml',
      authorDisplay: 'Dr A. Hepat',
    });
    expect(note.contentType).toBe('application/xhtml+xml;charset=utf-8');
    const doc = parseNote(note.body, 'xhtml');
    const text = doc.body.textContent ?? '';
    expect(text).toContain('Insufficient response');
    expect(text).toContain('ALT 2.3×ULN (92 U/L, ULN 40 (laboratory range))');
    expect(text).toContain('Suggestion accepted by Dr A. Hepat: Switch to mycophenolate mofetil.');
    expect(text).toContain('Not suggested: Switch to budesonide (because of cirrhosis)');
  });

  it('escapes what the clinician typed, in HTML and XHTML', () => {
    const decision = {
      kind: 'override',
      reasonCode: 'clinical-judgement',
      comment: '<script>alert(1)</script> & "quotes"',
    } as const;
    for (const format of ['html', 'xhtml'] as const) {
      const note = buildAssessmentNote(assessment, decision, { patientId: PATIENT, format });
      expect(note.body).not.toContain('<script>');
      const doc = parseNote(note.body, format);
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      expect(doc.body.textContent).toContain('Comment: <script>alert(1)</script> & "quotes"');
      expect(doc.body.textContent).toContain('Reason: Clinical judgement.');
    }
  });

  it('plain text has no markup and lists every section', () => {
    const note = buildAssessmentNote(assessment, accept, { patientId: PATIENT, format: 'text' });
    expect(note.body).toBe(note.text);
    expect(note.text).not.toMatch(/<[a-z]/i);
    expect(note.text).toContain('\nDeciding results\n- 2025-06-20: ALT 2.3×ULN');
    expect(note.text).toContain('default ULN');
  });
});
