/**
 * The clinical core's contract: what it takes in (a {@link PatientRecord}, already mapped from FHIR)
 * and what it gives back (an {@link Assessment}, clinical-rules.md §9). Ids are the stable ids of
 * clinical-rules.md; they never change meaning within a rules version.
 */

export const RULES_VERSION = '2' as const;

/** A calendar date `YYYY-MM-DD`, or a FHIR dateTime whose first 10 characters are one. */
export type IsoDate = string;

export type AnalyteId =
  'alt' | 'ast' | 'igg' | 'egfr' | 'inr' | 'wbc' | 'tgn6' | 'mmp6' | 'tacrolimus-trough' | 'weight';

/** The analytes the response states are decided from (ALT, AST, IgG: each normalised to ×ULN). */
export type DecidingAnalyte = 'alt' | 'ast' | 'igg';

export type IngredientId =
  | 'prednisone'
  | 'prednisolone'
  | 'budesonide'
  | 'azathioprine'
  | 'mercaptopurine'
  | 'thioguanine'
  | 'mycophenolate'
  | 'tacrolimus'
  | 'cyclosporine'
  | 'allopurinol'
  | 'infliximab'
  | 'rituximab'
  | 'sirolimus'
  | 'everolimus'
  | 'methotrexate'
  | 'belimumab';

export type ConditionId =
  | 'aih'
  | 'cirrhosis'
  | 'portal-hypertension'
  | 'decompensation'
  | 'pbc'
  | 'psc'
  | 'pregnancy'
  | 'liver-transplant';

export type ResponseStateId =
  | 'not-applicable'
  | 'out-of-scope'
  | 'untreated'
  | 'loss-of-response'
  | 'complete-biochemical-response'
  | 'late-response'
  | 'non-response'
  | 'too-early'
  | 'insufficient-response'
  | 'insufficient-data';

export type QualifierId = 'tailor-like' | 'latest-above-uln' | 'uln-default' | 'second-line-failure';

export type RecommendationId =
  | 'refer-specialist-centre'
  | 'reconsider-diagnosis'
  | 'check-adherence'
  | 'measure-thiopurine-metabolites'
  | 'optimise-azathioprine'
  | 'add-allopurinol'
  | 'switch-to-mmf'
  | 'switch-to-mercaptopurine-or-thioguanine'
  | 'switch-to-budesonide'
  | 'mmf-after-optimisation'
  | 'consider-tacrolimus'
  | 'switch-to-mmf-after-cni'
  | 'continue-current-therapy'
  | 'reassess-at-6-months';

export type SafetyFlagId =
  | 'pregnancy'
  | 'reproductive-potential'
  | 'egfr-below-60'
  | 'cirrhosis'
  | 'decompensated'
  | 'leukopenia'
  | 'prior-mmf'
  | 'prior-tacrolimus';

export type UlnSource = 'lab' | 'lab-text' | 'default';
export type LineOfTherapy = 'first' | 'second' | 'third' | 'none';

/** A reference to the source resource, `ResourceType/id` (or a file position for non-FHIR input). */
export type ResourceRef = string;

export interface Quantity {
  value: number;
  /** UCUM code when the source gave one, else the unit text as written. */
  unit?: string;
}

export interface ReferenceRange {
  low?: Quantity;
  high?: Quantity;
  /** `normal` (or absent) ranges are the ones that give a ULN. */
  type?: string;
  text?: string;
  /** Codes or texts of `appliesTo` (e.g. `male`, `female`). */
  appliesTo?: readonly string[];
  /** Age range in years, when the range carries one. */
  ageYears?: { low?: number; high?: number };
}

export interface LabResult {
  ref: ResourceRef;
  analyte: AnalyteId;
  /** Effective date/time; results without one are not mapped (data-quality note instead). */
  effective: IsoDate;
  value: number;
  comparator?: '<' | '<=' | '>=' | '>';
  unit?: string;
  referenceRanges: readonly ReferenceRange[];
  /** Observation.status: final, amended, corrected, preliminary (others are excluded by the mapper). */
  status: string;
  /** How the analyte was recognised: a listed LOINC, a site-mapped local code, or display text. */
  matchedBy: 'loinc' | 'site' | 'text';
}

/** A pregnancy-status Observation (LOINC 82810-3). */
export interface PregnancyStatus {
  ref: ResourceRef;
  effective: IsoDate;
  pregnant: boolean;
}

export type MedicationSource =
  'MedicationRequest' | 'MedicationStatement' | 'MedicationDispense' | 'MedicationAdministration';

/**
 * A product as far as a record identifies it. Two records are provably different products only when both
 * strengths are known and differ, or both carry product codes of one system, none shared, and their
 * strengths are not known to be equal (docs/rule-interpretations.md, current azathioprine dose).
 */
export interface ProductIdentity {
  /** `system|code` of the codings that name a product (RxNorm SCD/SBD, NDC, a local code); not ingredient codes. */
  codes: readonly string[];
  /** mg per tablet or capsule, when the product's name and code displays give exactly one strength. */
  strengthMg?: number;
}

export interface MedicationExposure {
  ref: ResourceRef;
  source: MedicationSource;
  ingredient: IngredientId;
  matchedBy: 'rxnorm' | 'atc' | 'text';
  start?: IsoDate;
  end?: IsoDate;
  /** The latest date the record itself carries (authoredOn, dateAsserted, whenHandedOver …). */
  lastKnown?: IsoDate;
  /** active | on-hold | completed | stopped | cancelled | draft | unknown | intended … */
  status: string;
  /** Status reason: codes and text; used to recognise "stopped because of an adverse effect". */
  statusReason?: { codes: string[]; text?: string };
  /** Daily dose in mg when it can be derived from the dosage (structured, else the sig text: rules v2 §1). */
  dailyDoseMg?: number;
  /**
   * What the record says about the product, to tell a renewal (same product and daily dose, overlapping:
   * counted once, rules v2 §1) from a second order. Absent when it names no product at all (no code, no name).
   */
  product?: ProductIdentity;
  /** The MedicationRequest this one replaces (its `priorPrescription`), as `MedicationRequest/id`. */
  replaces?: ResourceRef;
  /** The dosage as the EHR wrote it (sig text or structured dose rendered), for display. */
  doseText?: string;
}

/** A vitamin K antagonist (clinical-rules.md §1, §7, rules v2): only qualifies INR, never AIH therapy. */
export type AnticoagulantId = 'warfarin' | 'phenprocoumon' | 'acenocoumarol' | 'vitamin-k-antagonist';

/** A medication record of a vitamin K antagonist; kept apart from the AIH timeline. */
export interface AnticoagulantExposure {
  ref: ResourceRef;
  source: MedicationSource;
  agent: AnticoagulantId;
  matchedBy: 'rxnorm' | 'atc' | 'text';
  start?: IsoDate;
  end?: IsoDate;
  lastKnown?: IsoDate;
  status: string;
}

export interface ConditionRecord {
  ref: ResourceRef;
  condition: ConditionId;
  clinicalStatus?: string;
  verificationStatus?: string;
  onset?: IsoDate;
  abatement?: IsoDate;
  recorded?: IsoDate;
}

/** A Procedure that names a liver transplant (rules v2 §1); statuses are kept for the core to judge. */
export interface ProcedureRecord {
  ref: ResourceRef;
  condition: 'liver-transplant';
  /** Procedure.status: preparation | in-progress | not-done | on-hold | stopped | completed | entered-in-error | unknown. */
  status: string;
  /** performedDateTime or performedPeriod.start. */
  performed?: IsoDate;
}

export interface IntoleranceRecord {
  ref: ResourceRef;
  ingredient: IngredientId;
  clinicalStatus?: string;
  verificationStatus?: string;
  reaction?: string;
  recorded?: IsoDate;
}

export interface DataQualityNote {
  /** Stable machine code, e.g. `unit-not-convertible`, `no-effective-date`, `invalid-resource`. */
  code: string;
  resource?: ResourceRef;
  message: string;
}

/** A resource type that could not be read completely (server error, scope, time-out). */
export interface LoadGap {
  resourceType: string;
  reason: string;
}

export interface PatientRecord {
  patientId: string;
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: IsoDate;
  labs: LabResult[];
  pregnancyStatus: PregnancyStatus[];
  medications: MedicationExposure[];
  /** Vitamin K antagonist records (rules v2 §7); absent when none were found. */
  anticoagulants?: AnticoagulantExposure[];
  conditions: ConditionRecord[];
  /** Procedures that decide a condition (rules v2: liver transplant); absent from records made before v2. */
  procedures?: ProcedureRecord[];
  intolerances: IntoleranceRecord[];
  dataQuality: DataQualityNote[];
  /** Resource types that were not fully loaded; decisions that depend on them become insufficient-data. */
  gaps: LoadGap[];
  /** ALT, AST or IgG results recognised but not readable (no number, no full date); absent when none. */
  unreadResults?: UnreadResult[];
  /** Medication records whose drug is unknown (an unavailable Medication, an invalid record); absent when none. */
  unknownDrugs?: ResourceRef[];
  /**
   * Key diagnoses (AIH, PBC, PSC, transplant, cirrhosis) written in text without a recognised code: not
   * read as the diagnosis (§1), but no state is confident past one; absent when none.
   */
  uncodedConditions?: ConditionRecord[];
}

/**
 * A result of a deciding analyte that was recognised but cannot be used. It may hide a value that would
 * change the state, so states that rest on "no later result says otherwise" are not declared past it.
 */
export interface UnreadResult {
  ref: ResourceRef;
  analyte: DecidingAnalyte;
  /** The earliest and latest day the result can be dated; each absent when not known. */
  from?: IsoDate;
  to?: IsoDate;
  /** Why it cannot be used, in words. */
  reason: string;
}

/** Site configuration: default ULNs (clinical-rules.md §2). */
export interface SiteConfig {
  defaultUln: {
    altMale: number;
    altFemale: number;
    ast: number;
    /** g/L */
    igg: number;
  };
}

/** One normalised value: what the deciding observations are made of. */
export interface NormalisedValue {
  ref: ResourceRef;
  analyte: AnalyteId;
  date: IsoDate;
  /** Value in the canonical unit (U/L, g/L …). */
  value: number;
  unit: string;
  /** Raw value and unit as reported. */
  rawValue: number;
  rawUnit?: string;
  comparator?: '<' | '<=' | '>=' | '>';
  uln?: number;
  ulnSource?: UlnSource;
  /** value / ULN, for ALT, AST and IgG. */
  xUln?: number;
  /** True when the result may drive a classification (final/amended/corrected). */
  usable: boolean;
}

export interface EvidenceItem {
  analyte: AnalyteId;
  date: IsoDate;
  /** With a comparator, a bound: `>` 80 U/L is at least 2×ULN, not 2×ULN (§2). */
  xUln?: number;
  value: number;
  /** As reported: the value is a bound, not a measurement. */
  comparator?: '<' | '<=' | '>=' | '>';
  unit: string;
  uln?: number;
  ulnSource?: UlnSource;
  resource: ResourceRef;
  /** Why this observation is part of the decision (e.g. `cbr-panel`, `week-4`, `baseline`, `latest`). */
  role: string;
}

/**
 * A reduced-dose order that travels with a recommendation (add-allopurinol: azathioprine at 25 %,
 * rules v2 §6/§8). The card proposes it in the same suggestion; both are written or neither.
 */
export interface ReplacementOrder {
  ingredient: IngredientId;
  /** The current daily dose (the sum of the current records); absent when unknown. */
  currentMgPerDay?: number;
  /** The new daily dose; absent when the current dose is unknown (the draft then carries text only). */
  newMgPerDay?: number;
  /** The current records the new order replaces (the clinician discontinues them). */
  replaces: ResourceRef[];
}

export interface RecommendationResult {
  id: RecommendationId;
  status: 'suggested' | 'blocked';
  blockedBy: SafetyFlagId[];
  warnings: SafetyFlagId[];
  /** Short citation names, e.g. `EASL-2025; Efe-2017`. */
  source: string;
  title: string;
  text: string;
  grade: string;
  evidence: string;
  /** The order this recommendation changes, proposed together with its own draft (rules v2). */
  replacementOrder?: ReplacementOrder;
}

export interface TreatmentPeriod {
  ingredient: IngredientId;
  start: IsoDate;
  /** Absent while ongoing. */
  end?: IsoDate;
  ongoing: boolean;
  refs: ResourceRef[];
  line: LineOfTherapy;
}

export interface Explanation {
  /** The rule id that decided the state (= the state id), its source and a sentence that says why. */
  ruleId: ResponseStateId;
  source: string;
  text: string;
  t0?: IsoDate;
  tLine?: IsoDate;
  /** Tline + 183 days. */
  sixMonthDate?: IsoDate;
  regimen: IngredientId[];
  baseline?: EvidenceItem;
}

export interface Assessment {
  rulesVersion: typeof RULES_VERSION;
  patientId: string;
  asOf: IsoDate;
  response: ResponseStateId;
  qualifiers: QualifierId[];
  line: LineOfTherapy;
  intolerance: IngredientId[];
  actionableIntolerance: IngredientId[];
  recommendations: RecommendationResult[];
  safetyFlags: SafetyFlagId[];
  missing: string[];
  dataQuality: DataQualityNote[];
  evidence: EvidenceItem[];
  explanation: Explanation;
  periods: TreatmentPeriod[];
  card: CdsCard;
}

/* CDS Hooks 2.0 card (clinical-rules.md §8). The zod schema in card-schema.ts validates it. */
export interface CdsCoding {
  system?: string;
  code: string;
  display?: string;
}
export interface CdsAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Record<string, unknown>;
  /** `Type/id` of the resource a `delete` action removes (e.g. a draft order of the hook context). */
  resourceId?: string;
}
export interface CdsSuggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: CdsAction[];
}
export interface CdsLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}
export interface CdsOverrideReason {
  code: string;
  system: string;
  display: string;
}
export interface CdsCard {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string; topic?: CdsCoding };
  suggestions?: CdsSuggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: CdsOverrideReason[];
  links?: CdsLink[];
}

/** Options of `assess`: everything the core may not take from its surroundings. */
export interface AssessOptions {
  asOf: IsoDate;
  site?: Partial<SiteConfig>;
  /** Deterministic uuids for card and suggestions (tests, CLI reproducibility). */
  uuid?: (seed: string) => string;
  /** SMART app launch URL for the card's link (CDS Hooks service). */
  appLaunchUrl?: string;
}
