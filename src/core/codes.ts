/**
 * Clinical code tables (clinical-rules.md §1): analytes by LOINC, ingredients by RxNorm/ATC/name,
 * conditions by SNOMED CT/ICD-10. Pure data plus matching functions; a site adds local lab codes
 * through a {@link SiteCodeMap}, never by editing this file.
 */
import { rxnormProduct } from './rxnorm-products.js';
import type { AnalyteId, AnticoagulantId, ConditionId, IngredientId } from './types.js';

export const SYSTEM = {
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  atc: 'http://www.whocc.no/atc',
  snomed: 'http://snomed.info/sct',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  ucum: 'http://unitsofmeasure.org',
} as const;

export interface CodingLike {
  system?: string;
  code?: string;
  display?: string;
}

export const ANALYTE_LOINC: Record<AnalyteId, readonly string[]> = {
  alt: ['1742-6', '1743-4', '1744-2', '76625-3', '77144-4'],
  ast: ['1920-8', '30239-8', '88112-8'],
  igg: ['2465-3'],
  egfr: ['98979-8', '62238-1', '88293-6', '33914-3', '48642-3', '48643-1', '50044-7'],
  inr: ['6301-6', '34714-6', '46418-0', '38875-1', '52129-4'],
  wbc: ['6690-2', '26464-8'],
  tgn6: [],
  mmp6: [],
  'tacrolimus-trough': ['11253-2', '74096-9', '74097-7'],
  weight: ['29463-7'],
};

/** Canonical UCUM unit per analyte (clinical-rules.md §1). */
export const CANONICAL_UNIT: Record<AnalyteId, string> = {
  alt: 'U/L',
  ast: 'U/L',
  igg: 'g/L',
  egfr: 'mL/min/{1.73_m2}',
  inr: '{INR}',
  wbc: '10*9/L',
  tgn6: 'pmol/{8.10*8.RBC}',
  mmp6: 'pmol/{8.10*8.RBC}',
  'tacrolimus-trough': 'ng/mL',
  weight: 'kg',
};

/** Analytes without a verified LOINC are recognised by display text (and site-mapped codes). */
const ANALYTE_TEXT: Partial<Record<AnalyteId, RegExp>> = {
  tgn6: /\b6[-\s]?(thioguanine|tgn)\b|thioguanine nucleotides?/i,
  mmp6: /\b6[-\s]?(methylmercaptopurine|mmp|mmpr|memp)\b|methylmercaptopurine/i,
};

/** How each analyte is written for clinicians. */
export const ANALYTE_LABEL: Record<AnalyteId, string> = {
  alt: 'ALT',
  ast: 'AST',
  igg: 'IgG',
  egfr: 'eGFR',
  inr: 'INR',
  wbc: 'WBC',
  tgn6: '6-TGN',
  mmp6: '6-MMP',
  'tacrolimus-trough': 'Tacrolimus trough',
  weight: 'Body weight',
};

export const PREGNANCY_STATUS_LOINC = '82810-3';
export const PREGNANT_SNOMED = '77386006';
/**
 * The LOINC answer "Pregnant" of 82810-3's answer list, which some EHRs send instead of the SNOMED CT
 * concept. Read as pregnant too: the flag only blocks mycophenolate and allopurinol suggestions.
 */
export const PREGNANT_LOINC_ANSWER = 'LA15173-0';
export const BODY_WEIGHT_LOINC = '29463-7';

/** Every LOINC the loader searches Observations by. */
export const SEARCHED_LOINC: readonly string[] = [
  ...Object.values(ANALYTE_LOINC).flat(),
  PREGNANCY_STATUS_LOINC,
];

/** A site's local lab codes: `system|code` → analyte (configuration, not code). */
export type SiteCodeMap = Readonly<Record<string, AnalyteId>>;

export type MatchedBy = 'loinc' | 'site' | 'text';

export function matchAnalyte(
  codings: readonly CodingLike[],
  text?: string,
  siteMap: SiteCodeMap = {},
): { analyte: AnalyteId; matchedBy: MatchedBy } | undefined {
  for (const c of codings) {
    if (c.system === SYSTEM.loinc && c.code) {
      const analyte = analyteByLoinc.get(c.code);
      if (analyte) return { analyte, matchedBy: 'loinc' };
    }
  }
  for (const c of codings) {
    const analyte = c.code ? siteMap[`${c.system ?? ''}|${c.code}`] : undefined;
    if (analyte) return { analyte, matchedBy: 'site' };
  }
  const texts = [text, ...codings.map((c) => c.display)].filter((t): t is string => !!t);
  for (const [analyte, pattern] of Object.entries(ANALYTE_TEXT) as [AnalyteId, RegExp][]) {
    if (texts.some((t) => pattern.test(t))) return { analyte, matchedBy: 'text' };
  }
  return undefined;
}

const analyteByLoinc = new Map<string, AnalyteId>(
  (Object.entries(ANALYTE_LOINC) as [AnalyteId, readonly string[]][]).flatMap(([a, codes]) =>
    codes.map((code) => [code, a] as const),
  ),
);

export type IngredientClass =
  'steroid' | 'thiopurine' | 'antimetabolite' | 'calcineurin-inhibitor' | 'adjunct' | 'third-line';

interface IngredientCodes {
  rxnorm: readonly string[];
  atc: readonly string[];
  names: RegExp;
  class: IngredientClass;
}

/**
 * Brand names, matched like the ingredient's own name (word boundaries, any case). Brands of forms the
 * rules exclude (Protopic, Pulmicort, Rhinocort) are listed too: they are recognised, then excluded by
 * {@link NON_SYSTEMIC_ROUTES} with a note, rather than silently ignored. Brands of eye drops (Restasis)
 * and of topical sirolimus are not: no route of those ingredients is excluded.
 */
const BRANDS: Partial<Record<IngredientId, RegExp>> = {
  prednisone: /\b(deltasone|rayos|sterapred|lodotra|decortisyl)\b/i,
  prednisolone: /\b(millipred|orapred|pediapred|prelone|flo-?pred|veripred|precortisyl|deltacortril)\b/i,
  budesonide: /\b(entocort|uceris|budenofalk|tarpeyo|ortikos|pulmicort|rhinocort|symbicort|breztri)\b/i,
  azathioprine: /\b(imuran|azasan|imurek|imurel|azamune|immunoprin|berkaprine|oprisine|azafalk|zytrim)\b/i,
  mercaptopurine: /\b(purixan|purinethol|xaluprine)\b/i,
  thioguanine: /\b(tabloid|lanvis)\b/i,
  mycophenolate: /\b(cellcept|myfortic|myfenax|ceptolate|arzip)\b/i,
  tacrolimus: /\b(prograf|envarsus|astagraf|advagraf|adoport|modigraf|hecoria|protopic)\b/i,
  cyclosporine: /\b(neoral|sandimmune?|gengraf|deximune|capsorin|ciqorin)\b/i,
  allopurinol: /\b(zyloprim|aloprim)\b/i,
  infliximab: /\b(remicade|inflectra|renflexis|avsola|ixifi|zymfentra)\b/i,
  rituximab: /\b(rituxan|truxima|ruxience|riabni|mabthera)\b/i,
  sirolimus: /\b(rapamune)\b/i,
  everolimus: /\b(zortress|afinitor|certican|votubia)\b/i,
  methotrexate: /\b(trexall|otrexup|rasuvo|xatmep|reditrex|jylamvo|metoject)\b/i,
  belimumab: /\b(benlysta)\b/i,
};

/** Whether a text names the ingredient, by its own name or a brand. */
function namesIngredient(id: IngredientId, text: string): boolean {
  return INGREDIENTS[id].names.test(text) || (BRANDS[id]?.test(text) ?? false);
}

export const INGREDIENTS: Record<IngredientId, IngredientCodes> = {
  prednisone: { rxnorm: ['8640'], atc: ['H02AB07'], names: /\bprednisone\b/i, class: 'steroid' },
  prednisolone: { rxnorm: ['8638'], atc: ['H02AB06'], names: /\bprednisolone\b/i, class: 'steroid' },
  budesonide: { rxnorm: ['19831'], atc: ['A07EA06'], names: /\bbudesonide\b/i, class: 'steroid' },
  azathioprine: { rxnorm: ['1256'], atc: ['L04AX01'], names: /\bazathioprine\b/i, class: 'thiopurine' },
  mercaptopurine: {
    rxnorm: ['103'],
    atc: ['L01BB02'],
    names: /\b(6-?)?mercaptopurine\b/i,
    class: 'thiopurine',
  },
  thioguanine: {
    rxnorm: ['10485'],
    atc: ['L01BB03'],
    names: /\b(6-?)?(thioguanine|tioguanine)\b/i,
    class: 'thiopurine',
  },
  mycophenolate: {
    rxnorm: ['68149', '7145'],
    atc: ['L04AA06'],
    names: /\bmycophenol(ate|ic)\b/i,
    class: 'antimetabolite',
  },
  tacrolimus: {
    rxnorm: ['42316'],
    atc: ['L04AD02'],
    names: /\btacrolimus\b/i,
    class: 'calcineurin-inhibitor',
  },
  cyclosporine: {
    rxnorm: ['3008'],
    atc: ['L04AD01'],
    names: /\b(cyclosporin[e]?|ciclosporin[e]?)\b/i,
    class: 'calcineurin-inhibitor',
  },
  allopurinol: { rxnorm: ['519'], atc: ['M04AA01'], names: /\ballopurinol\b/i, class: 'adjunct' },
  infliximab: { rxnorm: ['191831'], atc: ['L04AB02'], names: /\binfliximab\b/i, class: 'third-line' },
  rituximab: { rxnorm: ['121191'], atc: ['L01FA01'], names: /\brituximab\b/i, class: 'third-line' },
  sirolimus: { rxnorm: ['35302'], atc: ['L04AH01'], names: /\bsirolimus\b/i, class: 'third-line' },
  everolimus: { rxnorm: ['141704'], atc: ['L04AH02'], names: /\beverolimus\b/i, class: 'third-line' },
  methotrexate: { rxnorm: ['6851'], atc: ['L04AX03'], names: /\bmethotrexate\b/i, class: 'third-line' },
  belimumab: { rxnorm: [], atc: ['L04AG04'], names: /\bbelimumab\b/i, class: 'third-line' },
};

export const INGREDIENT_IDS = Object.keys(INGREDIENTS) as IngredientId[];

export function ingredientClass(id: IngredientId): IngredientClass {
  return INGREDIENTS[id].class;
}

const ingredientByRxnorm = new Map<string, IngredientId>(
  INGREDIENT_IDS.flatMap((id) => INGREDIENTS[id].rxnorm.map((code) => [code, id] as const)),
);
const ingredientByAtc = new Map<string, IngredientId>(
  INGREDIENT_IDS.flatMap((id) => INGREDIENTS[id].atc.map((code) => [code, id] as const)),
);

export interface IngredientMatch {
  ingredient: IngredientId;
  matchedBy: 'rxnorm' | 'atc' | 'text';
}

/**
 * Ingredients of a medication concept. RxNorm ingredient codes match directly, and so do the product
 * codes of {@link rxnormProduct}'s curated table; other RxNorm product codes (SCD/SBD) match through
 * their display, which in RxNorm always names the ingredients or the brand; ATC codes next; free text
 * (ingredient or brand name) last, flagged `text`.
 */
export function matchIngredients(codings: readonly CodingLike[], text?: string): IngredientMatch[] {
  const found = new Map<IngredientId, IngredientMatch>();
  for (const c of codings) {
    if (!c.code) continue;
    if (c.system === SYSTEM.rxnorm) {
      const id = ingredientByRxnorm.get(c.code) ?? rxnormProduct(c.code)?.ingredient;
      if (id && !found.has(id)) found.set(id, { ingredient: id, matchedBy: 'rxnorm' });
    } else if (isAtcSystem(c.system)) {
      const id = ingredientByAtc.get(c.code.toUpperCase());
      if (id && !found.has(id)) found.set(id, { ingredient: id, matchedBy: 'atc' });
    }
  }
  // An RxNorm product (SCD/SBD) is named after its ingredients, so its display identifies them.
  const productNames = codings.filter((c) => c.system === SYSTEM.rxnorm && c.display).map((c) => c.display!);
  const texts = [text, ...codings.filter((c) => c.system !== SYSTEM.rxnorm).map((c) => c.display)].filter(
    (t): t is string => !!t,
  );
  for (const id of INGREDIENT_IDS) {
    if (found.has(id)) continue;
    if (productNames.some((t) => namesIngredient(id, t)))
      found.set(id, { ingredient: id, matchedBy: 'rxnorm' });
    else if (texts.some((t) => namesIngredient(id, t))) found.set(id, { ingredient: id, matchedBy: 'text' });
  }
  return [...found.values()];
}

/**
 * Whether a coding names a substance, not a product: one of our RxNorm ingredient codes, or any ATC code
 * (ATC classifies substances). Two records coded this way may still be one product (rules v2 §1 renewals).
 */
export function isIngredientCode(coding: CodingLike): boolean {
  if (!coding.code) return false;
  if (coding.system === SYSTEM.rxnorm) return ingredientByRxnorm.has(coding.code);
  return isAtcSystem(coding.system);
}

function isAtcSystem(system: string | undefined): boolean {
  return !!system && /whocc\.no\/atc|atc/i.test(system);
}

/**
 * Routes that make a product not AIH therapy (clinical-rules.md §1): topical tacrolimus; inhaled,
 * nasal or rectal budesonide. Matched on route or dose-form text and codes.
 */
const NON_SYSTEMIC_ROUTES: Partial<Record<IngredientId, RegExp>> = {
  tacrolimus: /topical|cutaneous|ointment|cream|skin|ophthalmic|eye|protopic/,
  // Brands and devices that are only ever inhaled or nasal: their names carry no route word.
  budesonide:
    /inhal|nasal|nose|rectal|rectum|enema|foam|suppositor|nebuli|respiratory|pulmicort|rhinocort|symbicort|breztri|respules|flexhaler|turbuhaler/,
};

export function isNonSystemicUse(ingredient: IngredientId, routeOrFormTexts: readonly string[]): boolean {
  const routes = NON_SYSTEMIC_ROUTES[ingredient];
  return routes !== undefined && routes.test(routeOrFormTexts.join(' ').toLowerCase());
}

/** Whether an ingredient has forms that are not AIH therapy: only then do its route texts matter. */
export function hasNonSystemicForms(ingredient: IngredientId): boolean {
  return NON_SYSTEMIC_ROUTES[ingredient] !== undefined;
}

/** Condition codes; ICD-10 entries are prefixes (subcodes count). */
interface ConditionCodes {
  snomed: readonly string[];
  icd10Prefixes: readonly string[];
}

export const CONDITIONS: Record<ConditionId, ConditionCodes> = {
  aih: { snomed: ['408335007'], icd10Prefixes: ['K75.4'] },
  cirrhosis: { snomed: ['19943007'], icd10Prefixes: ['K74.6'] },
  'portal-hypertension': { snomed: ['34742003'], icd10Prefixes: ['K76.6'] },
  decompensation: {
    snomed: ['389026000', '13920009', '28670008'],
    icd10Prefixes: ['R18', 'K72.9', 'K76.82', 'I85.01', 'I85.11', 'K76.7', 'K76.81', 'C22.0'],
  },
  pbc: { snomed: ['31712002'], icd10Prefixes: ['K74.3'] },
  psc: { snomed: ['197441003'], icd10Prefixes: ['K83.0'] },
  pregnancy: {
    // §1: descendants count. No terminology server, so a curated subset of well-known SNOMED CT
    // descendants of 77386006 (Pregnancy) is listed; others are still missed.
    snomed: [
      '77386006',
      '72892002', // Normal pregnancy
      '47200007', // High risk pregnancy
      '16356006', // Multiple pregnancy
    ],
    // Z34 (supervision of pregnancy) and Z3A (weeks of gestation) also mean a current pregnancy: Epic
    // problem lists often carry only these, and the flag only withholds MMF and allopurinol.
    icd10Prefixes: ['Z33.1', 'O', 'Z34', 'Z3A'],
  },
  'liver-transplant': { snomed: ['18027006'], icd10Prefixes: ['Z94.4', 'T86.4'] },
};

const CONDITION_IDS = Object.keys(CONDITIONS) as ConditionId[];

function isIcd10System(system: string | undefined): boolean {
  return !!system && /icd-10|icd10/i.test(system);
}

/** ICD-10 codes compare without dots (K754 = K75.4) and by prefix. */
function icdKey(code: string): string {
  return code.toUpperCase().replace(/\./g, '');
}

function icdMatches(key: string, prefix: string): boolean {
  if (prefix === 'O') return /^O\d/.test(key) || /^O9A/.test(key);
  return key.startsWith(prefix);
}

/** The table with its ICD-10 prefixes in comparison form, made once (this runs for every Condition). */
const CONDITION_MATCHERS = CONDITION_IDS.map((id) => ({
  id,
  snomed: new Set(CONDITIONS[id].snomed),
  icd10Prefixes: CONDITIONS[id].icd10Prefixes.map(icdKey),
}));

/** All condition ids a Condition's codings name. */
export function matchConditions(codings: readonly CodingLike[]): ConditionId[] {
  const found = new Set<ConditionId>();
  for (const c of codings) {
    if (!c.code) continue;
    const snomed = c.system === SYSTEM.snomed;
    const icdCode = isIcd10System(c.system) ? icdKey(c.code) : undefined;
    for (const matcher of CONDITION_MATCHERS) {
      if (snomed && matcher.snomed.has(c.code)) found.add(matcher.id);
      if (icdCode !== undefined && matcher.icd10Prefixes.some((p) => icdMatches(icdCode, p)))
        found.add(matcher.id);
    }
  }
  return [...found];
}

/**
 * Vitamin K antagonists (clinical-rules.md §1 and §7, rules v2): only to tell a therapeutic INR from
 * liver failure, never AIH therapy. RxNorm codes verified against the HL7 PDDI CDS IG value set
 * "Warfarin Medications" (http://hl7.org/fhir/uv/pddi/ValueSet/valueset-warfarin): 11289 warfarin (IN),
 * 114194 warfarin sodium and 82118 warfarin potassium (PIN), 202421 Coumadin and 405155 Jantoven (BN).
 * ATC from the WHO index (as cross-referenced by the FDA substance registry): B01AA03 warfarin,
 * B01AA04 phenprocoumon, B01AA07 acenocoumarol; any other B01AA code is a vitamin K antagonist too.
 * No RxNorm code for phenprocoumon or acenocoumarol could be verified (neither is marketed in the
 * US); they are matched by ATC, by an RxNorm product display naming them, or by name (flagged `text`).
 */
export const ANTICOAGULANTS: Readonly<
  Record<
    Exclude<AnticoagulantId, 'vitamin-k-antagonist'>,
    { rxnorm: readonly string[]; atc: string; names: RegExp }
  >
> = {
  warfarin: {
    rxnorm: ['11289', '114194', '82118', '202421', '405155'],
    atc: 'B01AA03',
    names: /\b(warfarin|coumadin|jantoven|marevan)\b/i,
  },
  phenprocoumon: { rxnorm: [], atc: 'B01AA04', names: /\b(phenprocoumon|marcoumar|marcumar|falithrom)\b/i },
  acenocoumarol: {
    rxnorm: [],
    atc: 'B01AA07',
    names: /\b(acenocoumarol|acenocumarol|nicoumalone|sintrom|sinthrome)\b/i,
  },
};

const VKA_IDS = Object.keys(ANTICOAGULANTS) as (keyof typeof ANTICOAGULANTS)[];
const VKA_ATC_CLASS = 'B01AA';

export interface AnticoagulantMatch {
  agent: AnticoagulantId;
  matchedBy: 'rxnorm' | 'atc' | 'text';
}

/** The vitamin K antagonist a medication concept names, in the order RxNorm, ATC, product display, text. */
export function matchAnticoagulant(
  codings: readonly CodingLike[],
  text?: string,
): AnticoagulantMatch | undefined {
  for (const c of codings) {
    if (!c.code) continue;
    if (c.system === SYSTEM.rxnorm) {
      const agent = VKA_IDS.find((id) => ANTICOAGULANTS[id].rxnorm.includes(c.code!));
      if (agent) return { agent, matchedBy: 'rxnorm' };
    } else if (isAtcSystem(c.system)) {
      const code = c.code.toUpperCase();
      if (!code.startsWith(VKA_ATC_CLASS)) continue;
      const agent = VKA_IDS.find((id) => ANTICOAGULANTS[id].atc === code);
      return { agent: agent ?? 'vitamin-k-antagonist', matchedBy: 'atc' };
    }
  }
  // An RxNorm product (SCD/SBD) is named after its ingredients, so its display identifies them.
  const products = codings.filter((c) => c.system === SYSTEM.rxnorm && c.display).map((c) => c.display!);
  const texts = [text, ...codings.filter((c) => c.system !== SYSTEM.rxnorm).map((c) => c.display)].filter(
    (t): t is string => !!t,
  );
  for (const agent of VKA_IDS) {
    if (products.some((t) => ANTICOAGULANTS[agent].names.test(t))) return { agent, matchedBy: 'rxnorm' };
    if (texts.some((t) => ANTICOAGULANTS[agent].names.test(t))) return { agent, matchedBy: 'text' };
  }
  return undefined;
}
