import { describe, expect, it } from 'vitest';
import { parseCapabilities } from '../../../src/fhir/capabilities.js';
import {
  canCreate,
  NOTHING_WRITABLE,
  planDecision,
  writeAllowance,
  type Decision,
  type WriteAllowance,
} from '../../../src/fhir/writeback/index.js';
import { v2Assessment } from '../../fixtures/ehr/decision-assessment.js';
import epicCapabilities from '../../fixtures/ehr/epic/capability-statement.json';
import genericCapabilities from '../../fixtures/ehr/generic/capability-statement.json';
import oracleCapabilities from '../../fixtures/ehr/oracle/capability-statement.json';
import { capabilityWith } from './capability.js';

const PATIENT = 'pat-91q';
const NOW = new Date('2026-07-01T10:15:00Z');

function allowance(statement: unknown, scopes: string): WriteAllowance {
  return writeAllowance(parseCapabilities(statement), scopes);
}

function plan(decision: Decision, found: WriteAllowance) {
  return planDecision({
    assessment: v2Assessment(PATIENT),
    decision,
    patientId: PATIENT,
    allowance: found,
    provenance: { fhirUser: 'Practitioner/dr-hepat', now: NOW },
    format: 'html',
  });
}

const mmf: Decision = { kind: 'accept', suggestionUuid: 'sugg-mmf' };
const metabolites: Decision = { kind: 'accept', suggestionUuid: 'sugg-metabolites' };
const pair: Decision = { kind: 'accept', suggestionUuid: 'sugg-allopurinol' };
const ALL = 'patient/*.cruds';

describe('planDecision: capability and scope per written type', () => {
  it('drafts where the server declares create and the scopes grant it, for each type written', () => {
    const scopes = 'patient/MedicationRequest.c patient/DocumentReference.c';
    const found = allowance(genericCapabilities, scopes);
    expect(plan(mmf, found).kind).toBe('drafts');
    // The generic fixture declares no ServiceRequest create: the metabolite request becomes a note.
    const tests = plan(metabolites, found);
    expect(tests.kind).toBe('note');
    expect(tests.fallbackReason).toBe(
      'This EHR does not accept draft laboratory requests from AIH Navigator.',
    );
    expect(tests.drafts).toEqual([
      'Laboratory request: Thiopurine metabolites (6-TGN and 6-MMP); draft proposal, to be reviewed and signed in the EHR',
    ]);
  });

  it('a scope missing for one type makes that suggestion a note, not a failed POST', () => {
    const statement = capabilityWith({
      creates: ['MedicationRequest', 'ServiceRequest', 'DocumentReference'],
    });
    const found = allowance(statement, 'patient/MedicationRequest.c patient/DocumentReference.c');
    expect(plan(mmf, found).kind).toBe('drafts');
    expect(plan(metabolites, found).kind).toBe('note');
    expect(allowance(statement, ALL).canCreate('ServiceRequest')).toBe(true);
  });

  it('Epic: no MedicationRequest create, so drug suggestions become notes', () => {
    const found = allowance(
      epicCapabilities,
      'patient/MedicationRequest.write patient/DocumentReference.write',
    );
    const planned = plan(mmf, found);
    expect(planned.kind).toBe('note');
    expect(planned.writes.map((w) => w.resource.resourceType)).toEqual(['DocumentReference']);
    expect(planned.drafts[0]).toContain('mycophenolate mofetil; dose: 1.5 g/day in two doses');
  });

  it('Oracle: never a MedicationRequest (its create records home medications), XHTML note instead', () => {
    const found = allowance(oracleCapabilities, 'user/MedicationRequest.crus user/DocumentReference.crus');
    expect(found.canCreate('MedicationRequest')).toBe(false);
    expect(plan(mmf, found).kind).toBe('note');
  });

  it('the pair: drafts only where the server takes transactions, otherwise one note; never one alone', () => {
    const withTx = allowance(
      capabilityWith({ creates: ['MedicationRequest', 'DocumentReference'], transaction: true }),
      ALL,
    );
    const together = plan(pair, withTx);
    expect(together).toMatchObject({ kind: 'drafts', transaction: true });
    expect(together.writes.map((w) => w.identifier.value.split(':').pop())).toEqual([
      'allopurinol',
      'azathioprine',
    ]);
    const noTx = allowance(capabilityWith({ creates: ['MedicationRequest', 'DocumentReference'] }), ALL);
    const note = plan(pair, noTx);
    expect(note.kind).toBe('note');
    expect(note.writes).toHaveLength(1);
    expect(note.fallbackReason).toMatch(/both drafts together/);
    expect(note.drafts).toHaveLength(2);
    expect(note.text).toContain('allopurinol; dose: 100 mg once daily');
    expect(note.text).toContain('azathioprine; dose: 25 mg once daily');
  });

  it('copy-text when nothing may be written, or /metadata is unreadable', () => {
    expect(plan(mmf, allowance(epicCapabilities, 'patient/MedicationRequest.write')).kind).toBe('copy-text');
    expect(plan(mmf, allowance({ resourceType: 'OperationOutcome' }, ALL)).kind).toBe('copy-text');
    const copy = plan(pair, NOTHING_WRITABLE);
    expect(copy).toMatchObject({ kind: 'copy-text', writes: [] });
    expect(copy.text).toContain('Add allopurinol and reduce azathioprine');
  });

  it('an override is a note where notes may be written, else text to copy; never an order', () => {
    const override: Decision = { kind: 'override', reasonCode: 'patient-preference' };
    const found = allowance(genericCapabilities, 'patient/MedicationRequest.c patient/DocumentReference.c');
    expect(plan(override, found).writes.map((w) => w.resource.resourceType)).toEqual(['DocumentReference']);
    expect(plan(override, allowance(genericCapabilities, 'patient/MedicationRequest.c')).kind).toBe(
      'copy-text',
    );
  });

  it('conditional create is used per type exactly where the statement declares it', () => {
    const found = allowance(
      capabilityWith({ creates: ['MedicationRequest'], conditional: ['MedicationRequest'] }),
      ALL,
    );
    expect(plan(mmf, found).writes[0]?.conditional).toBe(true);
    const plain = allowance(capabilityWith({ creates: ['MedicationRequest'] }), ALL);
    expect(plan(mmf, plain).writes[0]?.conditional).toBe(false);
  });
});

describe('canCreate (SMART v1 and v2 scopes)', () => {
  it.each([
    ['patient/DocumentReference.write', true],
    ['user/DocumentReference.*', true],
    ['patient/*.write', true],
    ['patient/DocumentReference.c', true],
    ['user/DocumentReference.cruds', true],
    ['patient/DocumentReference.cu?category=clinical-note', true],
    ['patient/DocumentReference.read', false],
    ['patient/DocumentReference.rs', false],
    ['patient/Observation.c', false],
    ['system/DocumentReference.write', false],
    ['patient/DocumentReference.rc', false],
    ['', false],
  ])('%s → %s', (scopes, expected) => {
    expect(canCreate(scopes, 'DocumentReference')).toBe(expected);
  });
});
