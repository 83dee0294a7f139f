/**
 * PatientRecordBuilder: FHIR resources of one patient in, a PatientRecord out. Resources are mapped
 * as they arrive and only the compact mapped items are kept, so a million-resource export streams
 * through it. It never throws: whatever cannot be read becomes a data-quality note.
 */
import type { SiteCodeMap } from '../../core/codes.js';
import { endReplacedOrders } from '../../core/replaced-orders.js';
import type {
  AnticoagulantExposure,
  ConditionRecord,
  DataQualityNote,
  IntoleranceRecord,
  LabResult,
  LoadGap,
  MedicationExposure,
  MedicationSource,
  PatientRecord,
  PregnancyStatus,
  ProcedureRecord,
  ResourceRef,
  UnreadResult,
} from '../../core/types.js';
import { mapAllergyIntolerance } from './allergies.js';
import { finishAnticoagulant } from './anticoagulant-exposure.js';
import { flattenBundleEntries } from './bundle.js';
import { mergeCopies } from './copies.js';
import { mapCondition } from './conditions.js';
import { mapObservation } from './labs.js';
import { readMedication, readSharedMedication, type MedicationConcept } from './medication-concept.js';
import { finishExposure, finishUnresolved, isUnknownDrug, isUnnamedDrug } from './medication-exposure.js';
import { doseUnknownIfReplaced } from './replaced-by-unknown.js';
import { mapMedicationUse, type ExposureDraft } from './medication-use.js';
import { NOTE, noteFor, type NoteSink } from './notes.js';
import { mapOperationOutcome } from './outcome.js';
import { mapPatient, type PatientDemographics } from './patient.js';
import { mapProcedure } from './procedures.js';
import { normaliseReference, patientIdOf, resourceRefOf, resourceTypeOf } from './refs.js';

export interface MapOptions {
  patientId?: string;
  siteCodes?: SiteCodeMap;
  gaps?: LoadGap[];
  /** Resolve a Medication reference (e.g. "Medication/123"); "#med1" (contained) is handled internally. */
  medicationLookup?: (reference: string) => unknown | undefined;
}

const MEDICATION_SOURCES = new Set<string>([
  'MedicationRequest',
  'MedicationStatement',
  'MedicationDispense',
  'MedicationAdministration',
]);
const PATIENT_SCOPED = new Set<string>([
  'Patient',
  'Observation',
  'Condition',
  'AllergyIntolerance',
  'Procedure',
  ...MEDICATION_SOURCES,
]);
const MAX_BUNDLE_DEPTH = 8;

export class PatientRecordBuilder {
  private readonly labs: LabResult[] = [];
  private readonly unreadResults: UnreadResult[] = [];
  private readonly unknownDrugs: ResourceRef[] = [];
  private readonly uncodedConditions: ConditionRecord[] = [];
  /** Orders named by the priorPrescription of a record whose drug is unknown. */
  private readonly replacedByUnknown = new Set<ResourceRef>();
  private readonly pregnancyStatus: PregnancyStatus[] = [];
  private readonly medications: MedicationExposure[] = [];
  /** Vitamin K antagonist records: they only qualify INR (rules v2 §7). */
  private readonly anticoagulants: AnticoagulantExposure[] = [];
  private readonly conditions: ConditionRecord[] = [];
  private readonly procedures: ProcedureRecord[] = [];
  private readonly intolerances: IntoleranceRecord[] = [];
  private readonly notes: DataQualityNote[] = [];
  private readonly demographics: PatientDemographics = {};
  // The maps and sets below are made when first needed: most patients of a cohort need none of them,
  // and a cohort holds a builder for each of its patients until the end of reading.
  /** Medications seen so far, by `Medication/id` and by Bundle fullUrl. */
  private medicationConcepts: Map<string, MedicationConcept> | undefined;
  /** Records whose Medication has not been seen yet; resolved in build(). */
  private readonly pending: ExposureDraft[] = [];
  /** urn/URL fullUrls of this patient's Patient entries, and of other patients'. */
  private ownUrls: Set<string> | undefined;
  /** Results of options.medicationLookup, so each reference is read (and an invalid one noted) once. */
  private lookedUp: Map<string, MedicationConcept | 'invalid'> | undefined;
  private otherUrls: Set<string> | undefined;
  private position = 0;

  constructor(
    private readonly patientId: string,
    private readonly options: MapOptions = {},
  ) {}

  /** Adds one resource (a Bundle is opened); `origin` is its fullUrl or file position. Never throws. */
  add(resource: unknown, origin?: string): void {
    this.addChecked(resource, origin, false);
  }

  /**
   * `add` for a resource whose patient reference the caller has read and found to be this builder's
   * patient (a cohort, which reads it to pick the builder): it is not read a second time.
   */
  addOwn(resource: unknown, origin?: string): void {
    this.addChecked(resource, origin, true);
  }

  private addChecked(resource: unknown, origin: string | undefined, own: boolean): void {
    try {
      this.dispatch(resource, origin, 0, own);
    } catch (error) {
      const why = error instanceof Error ? error.name : 'unexpected error';
      this.notes.push(noteFor(origin, NOTE.mappingError, `A resource could not be mapped (${why})`));
    }
  }

  /** Tells the builder which Bundle fullUrl names which Patient, so `urn:uuid:` subjects can be checked. */
  registerPatientUrl(fullUrl: string, patientId: string | undefined): void {
    if (patientId === this.patientId) (this.ownUrls ??= new Set()).add(fullUrl);
    else (this.otherUrls ??= new Set()).add(fullUrl);
  }

  build(): PatientRecord {
    const late: DataQualityNote[] = [];
    const medications = [...this.medications];
    const anticoagulants = [...this.anticoagulants];
    for (const draft of this.pending) {
      const note: NoteSink = (code, message) => late.push(noteFor(draft.ref, code, message));
      try {
        const concept = this.lookupMedication(draft, note);
        const named = concept ?? displayConcept(draft);
        if (named) anticoagulants.push(...finishAnticoagulant(draft, named, note));
        medications.push(...(concept ? this.exposures(draft, concept, note) : this.unresolved(draft, note)));
      } catch {
        late.push(noteFor(draft.ref, NOTE.mappingError, 'The medication of this record could not be mapped'));
      }
    }
    return {
      patientId: this.patientId,
      ...this.demographics,
      labs: [...this.labs],
      pregnancyStatus: [...this.pregnancyStatus],
      // Only now are all of the patient's requests known, so a replacement can end the order it replaces.
      medications: doseUnknownIfReplaced(
        endReplacedOrders(mergeCopies(medications, (m) => m.ingredient, late)),
        this.replacedByUnknown,
        late,
      ),
      ...(anticoagulants.length > 0 ? { anticoagulants } : {}),
      conditions: mergeCopies(this.conditions, (c) => c.condition, late),
      procedures: mergeCopies(this.procedures, (p) => p.condition, late),
      intolerances: [...this.intolerances],
      dataQuality: [...this.notes, ...late],
      gaps: [...(this.options.gaps ?? [])],
      ...(this.unreadResults.length > 0 ? { unreadResults: [...this.unreadResults] } : {}),
      ...(this.unknownDrugs.length > 0 ? { unknownDrugs: [...new Set(this.unknownDrugs)] } : {}),
      ...(this.uncodedConditions.length > 0 ? { uncodedConditions: [...this.uncodedConditions] } : {}),
    };
  }

  /** A record whose Medication was never found: mapped from its display, or its drug is unknown. */
  private unresolved(draft: ExposureDraft, note: NoteSink): MedicationExposure[] {
    if (isUnknownDrug(draft)) this.unknownDrug(draft);
    return finishUnresolved(draft, note);
  }

  /** The exposures of a record whose medication is known; one that names no drug at all is unknown. */
  private exposures(draft: ExposureDraft, concept: MedicationConcept, note: NoteSink): MedicationExposure[] {
    const exposures = finishExposure(draft, concept, note);
    if (exposures.length === 0 && isUnnamedDrug(draft, concept)) {
      note(
        NOTE.unresolvedMedication,
        `This ${draft.source} names its drug by a code alone that is not recognised`,
      );
      this.unknownDrug(draft);
    }
    return exposures;
  }

  /**
   * A taken record whose drug is unknown. An order it replaces (priorPrescription) may have been
   * replaced by another dose of the same drug, so that order's dose is no longer known to be current.
   */
  private unknownDrug(draft: ExposureDraft): void {
    this.unknownDrugs.push(draft.ref);
    if (draft.replaces !== undefined) this.replacedByUnknown.add(draft.replaces);
  }

  private dispatch(resource: unknown, origin: string | undefined, depth: number, own = false): void {
    this.position += 1;
    const ref = resourceRefOf(resource, origin, this.position);
    const note: NoteSink = (code, message) => this.notes.push(noteFor(ref, code, message));
    const type = resourceTypeOf(resource);
    if (type === undefined) {
      note(NOTE.invalidResource, 'Not a FHIR resource (no resourceType)');
      return;
    }
    if (type === 'Bundle') return this.addBundle(resource, note, depth);
    if (type === 'OperationOutcome') return mapOperationOutcome(resource, note);
    if (type === 'Medication') return this.addMedication(resource, origin, note);
    if (!PATIENT_SCOPED.has(type)) return; // Practitioner, Encounter …: not read by the app.
    if (!own && !this.isThisPatient(resource)) {
      note(NOTE.otherPatient, `${type} belongs to another patient than ${this.patientId} and is not used`);
      return;
    }
    this.addPatientResource(type, resource, ref, note);
  }

  private addPatientResource(type: string, resource: unknown, ref: ResourceRef, note: NoteSink): void {
    if (type === 'Patient') {
      const demographics = mapPatient(resource, note);
      if (demographics?.gender && !this.demographics.gender) this.demographics.gender = demographics.gender;
      if (demographics?.birthDate && !this.demographics.birthDate)
        this.demographics.birthDate = demographics.birthDate;
    } else if (type === 'Observation') {
      const result = mapObservation(resource, ref, note, this.options.siteCodes);
      if (result.kind === 'lab') this.labs.push(result.lab);
      if (result.kind === 'pregnancy') this.pregnancyStatus.push(result.pregnancy);
      if (result.kind === 'unread') this.unreadResults.push(result.unread);
    } else if (type === 'Condition') {
      const mapped = mapCondition(resource, ref, note);
      this.conditions.push(...mapped.records);
      if (mapped.uncoded) this.uncodedConditions.push(mapped.uncoded);
    } else if (type === 'Procedure') {
      this.procedures.push(...mapProcedure(resource, ref, note));
    } else if (type === 'AllergyIntolerance') {
      this.intolerances.push(...mapAllergyIntolerance(resource, ref, note));
    } else if (MEDICATION_SOURCES.has(type)) {
      this.addMedicationUse(type as MedicationSource, resource, ref, note);
    }
  }

  private addBundle(bundle: unknown, note: NoteSink, depth: number): void {
    if (depth >= MAX_BUNDLE_DEPTH) {
      note(NOTE.invalidResource, 'Bundles nested too deeply; inner entries are not read');
      return;
    }
    const flat = flattenBundleEntries(bundle);
    this.notes.push(...flat.notes);
    for (const entry of flat.entries) {
      if (entry.fullUrl && resourceTypeOf(entry.resource) === 'Patient') {
        this.registerPatientUrl(entry.fullUrl, patientIdOf(entry.resource));
      }
    }
    for (const entry of flat.entries) this.dispatch(entry.resource, entry.fullUrl, depth + 1);
  }

  private isThisPatient(resource: unknown): boolean {
    const id = patientIdOf(resource);
    if (id === undefined || id === this.patientId || this.ownUrls?.has(id) === true) return true;
    // A urn of a Patient entry we have not seen cannot be judged; it is taken as this patient's.
    return id.startsWith('urn:') && this.otherUrls?.has(id) !== true;
  }

  private addMedication(resource: unknown, origin: string | undefined, note: NoteSink): void {
    const read = readMedication(resource);
    if (!read.ok) {
      note(NOTE.invalidResource, `Invalid Medication: ${read.error}`);
      return;
    }
    const concepts = (this.medicationConcepts ??= new Map());
    if (read.id) concepts.set(`Medication/${read.id}`, read.concept);
    if (origin) {
      concepts.set(origin, read.concept);
      concepts.set(normaliseReference(origin), read.concept);
    }
  }

  private addMedicationUse(
    source: MedicationSource,
    resource: unknown,
    ref: ResourceRef,
    note: NoteSink,
  ): void {
    const draft = mapMedicationUse(source, resource, ref, note, () => this.unknownDrugs.push(ref));
    if (!draft) return;
    const medication = draft.medication;
    if (medication && 'concept' in medication) {
      this.anticoagulants.push(...finishAnticoagulant(draft, medication.concept, note));
      this.medications.push(...this.exposures(draft, medication.concept, note));
      return;
    }
    const concept = medication ? this.lookupMedication(draft, note) : undefined;
    if (concept) this.anticoagulants.push(...finishAnticoagulant(draft, concept, note));
    if (concept) this.medications.push(...this.exposures(draft, concept, note));
    else if (medication) this.pending.push(draft);
    else this.medications.push(...this.unresolved(draft, note));
  }

  /**
   * A referenced Medication from those seen, or from the caller's lookup. What the lookup returned is
   * kept (an invalid one is noted once); "not found" is asked again in build(), as it may come later.
   */
  private lookupMedication(draft: ExposureDraft, note: NoteSink): MedicationConcept | undefined {
    const medication = draft.medication;
    if (!medication || !('reference' in medication)) return undefined;
    const { reference } = medication;
    const concepts = this.medicationConcepts;
    const known = concepts?.get(reference) ?? concepts?.get(normaliseReference(reference));
    if (known) return known;
    const looked = this.lookedUp?.get(reference);
    if (looked !== undefined) return looked === 'invalid' ? undefined : looked;
    const found = this.callLookup(reference);
    if (found === undefined) return undefined;
    const read = readSharedMedication(found);
    (this.lookedUp ??= new Map()).set(reference, read.ok ? read.concept : 'invalid');
    if (read.ok) return read.concept;
    note(NOTE.invalidResource, `Medication ${reference} is invalid: ${read.error}`);
    return undefined;
  }

  private callLookup(reference: string): unknown {
    try {
      return this.options.medicationLookup?.(reference);
    } catch {
      return undefined;
    }
  }
}

/** An unresolved Medication reference's display, the last resort for naming a vitamin K antagonist. */
function displayConcept(draft: ExposureDraft): MedicationConcept | undefined {
  const medication = draft.medication;
  const display = medication && 'reference' in medication ? medication.display : undefined;
  return display ? { codings: [], text: display, formTexts: [] } : undefined;
}
