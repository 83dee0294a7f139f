/**
 * Code systems and codes written in common variant forms: a trailing slash on the URI, the HL7 v2 name
 * (LN, SCT, RXNORM, I10) that feeds converted from v2 messages keep, and a code padded with spaces.
 * Each is read as the URI and code the tables use; anything else stays as written (rules §1).
 */
import { describe, expect, it } from 'vitest';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { canonicalSystem } from '../../../src/fhir/schemas/code-systems.js';
import { condition, medicationRequest, observation, PATIENT } from './resources.js';

const map = (...resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });
const lab = (system: string, code: string) => map(observation({ code: { coding: [{ system, code }] } }));
const drug = (system: string, code: string) =>
  map(medicationRequest({ medicationCodeableConcept: { coding: [{ system, code }] } }));

describe('canonicalSystem', () => {
  it.each([
    ['http://loinc.org/', 'http://loinc.org'],
    ['LN', 'http://loinc.org'],
    ['SCT', 'http://snomed.info/sct'],
    ['http://snomed.info/sct/', 'http://snomed.info/sct'],
    ['RXNORM', 'http://www.nlm.nih.gov/research/umls/rxnorm'],
    ['http://www.nlm.nih.gov/research/umls/rxnorm/', 'http://www.nlm.nih.gov/research/umls/rxnorm'],
    ['I10', 'http://hl7.org/fhir/sid/icd-10'],
    ['http://hl7.org/fhir/sid/icd-10-cm/', 'http://hl7.org/fhir/sid/icd-10-cm'],
    ['http://www.whocc.no/atc/', 'http://www.whocc.no/atc'],
    ['urn:oid:2.16.840.1.113883.6.1', 'http://loinc.org'],
  ])('reads %j as %j', (written, uri) => {
    expect(canonicalSystem(written)).toBe(uri);
  });

  it.each([
    'http://loinc.org',
    'http://loinc.org//',
    'ln',
    'LNC',
    'I9', // ICD-9: nothing here matches it, and it must never pass for ICD-10
    'I10C', // not mapped: its meaning was not verified
    'http://lab.example.org/codes/',
    'urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.9',
  ])('leaves %j as written', (written) => {
    expect(canonicalSystem(written)).toBe(written);
  });
});

describe('labs under variant LOINC forms (mapping)', () => {
  it.each([
    ['http://loinc.org/', '1742-6'],
    ['LN', '1742-6'],
    ['http://loinc.org', ' 1742-6'],
    ['LN', '1742-6 '],
  ])('%j | %j is ALT by LOINC', (system, code) => {
    const record = lab(system, code);
    expect(record.labs.map((l) => [l.analyte, l.matchedBy])).toEqual([['alt', 'loinc']]);
  });

  it.each([
    ['http://loinc.org.', '1742-6'],
    ['http://lab.example.org/codes', '1742-6'],
    ['LN', '1742 6'],
    ['ln', '1742-6'],
  ])('%j | %j is not LOINC ALT', (system, code) => {
    expect(lab(system, code).labs).toEqual([]);
  });

  it('a trimmed local code matches the site map', () => {
    const record = mapPatientResources(
      [observation({ code: { coding: [{ system: 'http://lab.example.org/codes', code: ' ALT-1 ' }] } })],
      { patientId: PATIENT, siteCodes: { 'http://lab.example.org/codes|ALT-1': 'alt' } },
    );
    expect(record.labs.map((l) => [l.analyte, l.matchedBy])).toEqual([['alt', 'site']]);
  });
});

describe('medications and conditions share the reading', () => {
  it.each([
    ['RXNORM', '1256'],
    ['http://www.nlm.nih.gov/research/umls/rxnorm/', '1256'],
    ['RXNORM', ' 1256'],
  ])('%j | %j is azathioprine by RxNorm', (system, code) => {
    expect(drug(system, code).medications.map((m) => [m.ingredient, m.matchedBy])).toEqual([
      ['azathioprine', 'rxnorm'],
    ]);
  });

  it('RxNorm written "rxnorm" (not the v2 name) is not read as RxNorm', () => {
    expect(drug('rxnorm', '1256').medications).toEqual([]);
  });

  it.each([
    ['SCT', '408335007'],
    ['http://snomed.info/sct/', '408335007'],
    ['I10', 'K75.4'],
    ['http://hl7.org/fhir/sid/icd-10-cm/', 'K75.4'],
    ['I10', ' K75.4 '],
  ])('%j | %j is autoimmune hepatitis', (system, code) => {
    expect(map(condition({ system, code })).conditions.map((c) => c.condition)).toEqual(['aih']);
  });

  it.each([
    ['I9', '571.42'],
    ['I9', 'K75.4'],
    ['SNOMED', '408335007'],
  ])('%j | %j is not autoimmune hepatitis', (system, code) => {
    expect(map(condition({ system, code })).conditions).toEqual([]);
  });
});
