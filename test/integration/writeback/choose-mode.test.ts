import { describe, expect, it } from 'vitest';
import { canCreate, chooseWritebackMode } from '../../../src/fhir/writeback/index.js';
import epicCapabilities from '../../fixtures/ehr/epic/capability-statement.json';
import genericCapabilities from '../../fixtures/ehr/generic/capability-statement.json';
import oracleCapabilities from '../../fixtures/ehr/oracle/capability-statement.json';

describe('chooseWritebackMode', () => {
  it('writes a draft MedicationRequest where the server and the scopes allow creating one', () => {
    expect(
      chooseWritebackMode(
        genericCapabilities,
        'launch patient/MedicationRequest.cruds patient/Observation.rs',
      ),
    ).toBe('medication-request');
    expect(chooseWritebackMode(genericCapabilities, 'user/MedicationRequest.write')).toBe(
      'medication-request',
    );
    expect(chooseWritebackMode(genericCapabilities, 'patient/*.*')).toBe('medication-request');
  });

  it('records an override as a note even where orders may be written, since an override orders nothing', () => {
    const scopes = 'patient/MedicationRequest.c patient/DocumentReference.c';
    expect(chooseWritebackMode(genericCapabilities, scopes, 'accept')).toBe('medication-request');
    expect(chooseWritebackMode(genericCapabilities, scopes, 'override')).toBe('document-reference');
    expect(chooseWritebackMode(genericCapabilities, 'patient/MedicationRequest.c', 'override')).toBe(
      'copy-text',
    );
  });

  it('falls back to a note when MedicationRequest cannot be created but DocumentReference can', () => {
    expect(
      chooseWritebackMode(genericCapabilities, 'patient/MedicationRequest.rs patient/DocumentReference.c'),
    ).toBe('document-reference');
    // Epic advertises no MedicationRequest create, whatever the scopes say.
    expect(
      chooseWritebackMode(
        epicCapabilities,
        'patient/MedicationRequest.write patient/DocumentReference.write',
      ),
    ).toBe('document-reference');
  });

  it('never drafts a MedicationRequest at Oracle Health, whose create only records home medications', () => {
    expect(
      chooseWritebackMode(oracleCapabilities, 'user/MedicationRequest.crus user/DocumentReference.crus'),
    ).toBe('document-reference');
  });

  it('offers text to copy when nothing may be written or /metadata is unreadable', () => {
    expect(
      chooseWritebackMode(epicCapabilities, 'patient/MedicationRequest.write patient/Observation.read'),
    ).toBe('copy-text');
    expect(
      chooseWritebackMode(genericCapabilities, 'patient/MedicationRequest.rs patient/DocumentReference.rs'),
    ).toBe('copy-text');
    expect(chooseWritebackMode({ resourceType: 'OperationOutcome', issue: [] }, 'patient/*.*')).toBe(
      'copy-text',
    );
    expect(chooseWritebackMode(undefined, 'patient/*.*')).toBe('copy-text');
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
