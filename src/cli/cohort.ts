/**
 * A cohort being read: one {@link PatientRecordBuilder} per patient (compact mapped records, never the raw
 * resources) and the Medication index the builders resolve references through. A medication record whose
 * Medication comes later in the input waits inside its builder until `build()`, when everything has been
 * read. Every resource handed in is accounted for by the returned outcome; nothing disappears unreported.
 */
import { z } from 'zod';
import type { SiteCodeMap } from '../core/codes.js';
import type { PatientRecord } from '../core/types.js';
import { PatientRecordBuilder, patientIdOf, type MapOptions } from '../fhir/map.js';
import { useCompiledParsers } from '../fhir/schemas/parsers.js';
import { MedicationIndex } from './medication-index.js';
import { isAcceptablePatientId } from './patient-id.js';

/** Resource types the clinical rules read, all patient-scoped (clinical-rules.md §1). */
const PATIENT_TYPES = new Set([
  'Patient',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'MedicationDispense',
  'MedicationAdministration',
  'Condition',
  'AllergyIntolerance',
  'Procedure',
]);

/** Every type `add` does something with; the rest are counted and skipped. */
const READ_TYPES = new Set([...PATIENT_TYPES, 'Medication', 'OperationOutcome', 'Bundle']);

/** The resource types a Bulk Data export for the rules must hold (`_type`): the patients' and Medication. */
export function ruleInputTypes(): string[] {
  return [...PATIENT_TYPES, 'Medication'];
}

/** True when resources of this type are used (or may hold used ones, like a Bundle). */
export function isReadType(resourceType: string): boolean {
  return READ_TYPES.has(resourceType);
}

export type AddOutcome =
  | { kind: 'added'; patientId: string }
  | { kind: 'medication' }
  /** A patient's resource that another partition of a parallel run handles. */
  | { kind: 'elsewhere'; patientId: string }
  /** A resource type the rules do not use (Encounter, Practitioner …): counted, not mapped. */
  | { kind: 'ignored-type'; resourceType: string }
  /** An OperationOutcome with no patient to attach it to (e.g. a Bulk Data error file). */
  | { kind: 'server-message' }
  | { kind: 'invalid'; reason: string };

export type ResourceLike = Record<string, unknown> & { resourceType: string };

export function isResourceLike(value: unknown): value is ResourceLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string'
  );
}

export class Cohort {
  readonly medications = new MedicationIndex();
  private readonly builders = new Map<string, PatientRecordBuilder>();
  /** One for every builder: a cohort holds thousands of them until the end of reading. */
  private readonly builderOptions: MapOptions;

  /**
   * @param owns In a parallel run, whether this partition handles a patient (all patients by default).
   */
  constructor(
    private readonly siteCodes: SiteCodeMap = {},
    private readonly owns: (patientId: string) => boolean = () => true,
  ) {
    // Every resource of a cohort is validated: compiled, the same schemas take a third of the time.
    useCompiledParsers(z.compile);
    this.builderOptions = {
      siteCodes,
      medicationLookup: (reference: string) => this.medications.lookup(reference),
    };
  }

  get patientCount(): number {
    return this.builders.size;
  }

  /**
   * Adds one resource. `patientId` overrides the resource's own (a Bundle entry whose patient is known
   * only from its `fullUrl`, or a server message inside a one-patient Bundle).
   */
  add(resource: unknown, origin: string, patientId?: string): AddOutcome {
    if (!isResourceLike(resource))
      return { kind: 'invalid', reason: 'not a FHIR resource (no resourceType)' };
    const type = resource.resourceType;
    if (type === 'Medication') {
      this.medications.add(resource);
      return { kind: 'medication' };
    }
    if (type === 'OperationOutcome') {
      if (patientId === undefined) return { kind: 'server-message' };
      if (!isAcceptablePatientId(patientId)) return unacceptableId(type);
      if (!this.owns(patientId)) return { kind: 'elsewhere', patientId };
      this.builderOf(patientId).add(resource, origin);
      return { kind: 'added', patientId };
    }
    if (!PATIENT_TYPES.has(type)) return { kind: 'ignored-type', resourceType: type };
    const owner = patientId ?? patientIdOf(resource);
    if (owner === undefined) {
      const missing = type === 'Patient' ? 'an id' : 'a patient reference (subject or patient)';
      return { kind: 'invalid', reason: `${type} without ${missing}` };
    }
    if (!isAcceptablePatientId(owner)) return unacceptableId(type);
    if (!this.owns(owner)) return { kind: 'elsewhere', patientId: owner };
    const builder = this.builderOf(owner);
    // Its own patient reference picked the builder: the builder need not read it again.
    if (patientId === undefined) builder.addOwn(resource, origin);
    else builder.add(resource, origin);
    return { kind: 'added', patientId: owner };
  }

  sortedPatientIds(): string[] {
    return [...this.builders.keys()].sort(comparePatientIds);
  }

  /** Builds a patient's record and lets go of the builder (memory falls as results are written). */
  takeRecord(patientId: string): PatientRecord | undefined {
    const builder = this.builders.get(patientId);
    if (builder === undefined) return undefined;
    this.builders.delete(patientId);
    return builder.build();
  }

  private builderOf(patientId: string): PatientRecordBuilder {
    let builder = this.builders.get(patientId);
    if (builder === undefined) {
      builder = new PatientRecordBuilder(patientId, this.builderOptions);
      this.builders.set(patientId, builder);
    }
    return builder;
  }
}

/** The id is not quoted: it could be anything, patient data included, and stderr ends up in logs. */
function unacceptableId(type: string): AddOutcome {
  const what = type === 'Patient' ? 'id' : 'patient reference';
  return { kind: 'invalid', reason: `${type} ${what} is not a valid FHIR id (A-Z a-z 0-9 - ., 1 to 64)` };
}

/** Code-unit order, not locale order: the same on every machine. */
export function comparePatientIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
