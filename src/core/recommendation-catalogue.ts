/**
 * What each recommendation says, how strong it is and the evidence behind it (clinical-rules.md §6),
 * plus the draft order a card suggestion creates. Figures are copied exactly from clinical-rules.md §6
 * and research/clinical-evidence.md §2–§4; a change here is a clinical change and is reviewed as one.
 * Sources are cited by short name; {@link SOURCES} gives the full citation of each.
 */
import type { IngredientId, RecommendationId, SafetyFlagId } from './types.js';

export type SourceName =
  | 'IAIHG-2022'
  | 'EASL-2025'
  | 'Efe-2017'
  | 'BavenPronk-2022'
  | 'TAILOR'
  | 'Leeds-2011'
  | 'Santiago-2019'
  | 'Abdollahi-2020'
  | 'Al-Shamma-2012'
  | 'Dhaliwal-2012';

export interface SourceCitation {
  citation: string;
  doi?: string;
  /** Where to read it: the doi resolver when there is a doi, else the registry or index entry. */
  url?: string;
}

/** Full citations of the short names used on cards and in the UI (clinical-rules.md, top; evidence file §7). */
export const SOURCES: Readonly<Record<SourceName, SourceCitation>> = {
  'IAIHG-2022': {
    citation:
      'Pape S et al. J Hepatol 2022;76:841–849 (International Autoimmune Hepatitis Group response criteria).',
    doi: '10.1016/j.jhep.2021.12.041',
    url: 'https://doi.org/10.1016/j.jhep.2021.12.041',
  },
  'EASL-2025': {
    citation:
      'European Association for the Study of the Liver. EASL Clinical Practice Guidelines on autoimmune hepatitis. J Hepatol 2025;83:453–501.',
    doi: '10.1016/j.jhep.2025.03.017',
    url: 'https://doi.org/10.1016/j.jhep.2025.03.017',
  },
  'Efe-2017': {
    citation:
      'Efe C et al. Efficacy and safety of mycophenolate mofetil and tacrolimus as second-line therapy for patients with autoimmune hepatitis. Clin Gastroenterol Hepatol 2017;15:1950–1956.',
  },
  'BavenPronk-2022': {
    citation:
      'Baven-Pronk MAMC et al. Calcineurin inhibitors in the treatment of adult autoimmune hepatitis: a systematic review. J Clin Transl Hepatol 2022.',
    doi: '10.14218/JCTH.2021.00535',
    url: 'https://doi.org/10.14218/JCTH.2021.00535',
  },
  TAILOR: {
    citation:
      'Tacrolimus versus mycophenolate for autoimmune hepatitis patients with incomplete response on first line therapy (TAILOR). ClinicalTrials.gov NCT05221411; sponsor Leiden University Medical Center.',
    url: 'https://clinicaltrials.gov/study/NCT05221411',
  },
  'Leeds-2011': {
    citation:
      'Hegade V, Tirou K, Davies M. Tacrolimus in steroid refractory autoimmune hepatitis (abstract). Gut 2011;60 Suppl 1:A233.',
  },
  'Santiago-2019': {
    citation:
      'Santiago P et al. Aliment Pharmacol Ther 2019;49:830–839 (meta-analysis of mycophenolate mofetil as second-line therapy).',
    url: 'https://pubmed.ncbi.nlm.nih.gov/30761563/',
  },
  'Abdollahi-2020': {
    citation:
      'Abdollahi M et al. World J Gastroenterol 2020;26:5896–5910 (meta-analysis of tacrolimus and mycophenolate mofetil as second-line therapy).',
  },
  'Al-Shamma-2012': {
    citation: 'Al-Shamma S et al. Gut 2012;61:1515 (letter: thiopurine metabolite shunting and allopurinol).',
  },
  'Dhaliwal-2012': {
    citation:
      'Dhaliwal HK et al. Hepatology 2012;56:1401–1408 (thiopurine metabolites and remission in AIH).',
  },
};

export type RecommendationKind = 'drug' | 'test' | 'action';

/** The draft MedicationRequest a drug suggestion creates (RxNorm ingredient coding). */
export interface CatalogueMedication {
  ingredient: IngredientId;
  rxnorm: string;
  display: string;
  dosageText: string;
}

/** The draft ServiceRequest a test suggestion creates. */
export interface CatalogueServiceRequest {
  /** A verified LOINC code (`NNNNN-N`), or the order text when no LOINC is verified. */
  loincOrText: string;
  display: string;
}

export interface CatalogueEntry {
  title: string;
  /** What the recommendation says, in the clinic's words. */
  text: string;
  /** Strength line, e.g. `EASL-2025: LoE 2, strong, strong consensus`. */
  grade: string;
  /** Figures exactly as in clinical-rules.md §6. */
  evidence: string;
  /** Short citation names (keys of {@link SOURCES}) joined by `; `. */
  source: string;
  kind: RecommendationKind;
  /**
   * A pregnancy or contraception sentence, added to `text` only when one of the `when` flags is raised:
   * a warning that does not apply to the patient (a man, a woman over 50) is not shown (rules v2 §8).
   */
  pregnancyNote?: { text: string; when: SafetyFlagId[] };
  medication?: CatalogueMedication;
  serviceRequest?: CatalogueServiceRequest;
}

const MMF: CatalogueMedication = {
  ingredient: 'mycophenolate',
  rxnorm: '68149',
  display: 'mycophenolate mofetil',
  dosageText: 'Mycophenolate mofetil: start 1.5 g/day in two divided doses (Efe-2017 median initial dose)',
};

const MMF_CONTRACEPTION: CatalogueEntry['pregnancyNote'] = {
  text: 'MMF is teratogenic: counsel on contraception.',
  when: ['reproductive-potential'],
};

export const THIOPURINE_METABOLITES_TEXT = 'Thiopurine metabolites (6-TGN, 6-MMP) in red blood cells';

export const RECOMMENDATION_CATALOGUE: Readonly<Record<RecommendationId, CatalogueEntry>> = {
  'refer-specialist-centre': {
    title: 'Refer to an expert centre',
    text: 'Refer to, or discuss with, a centre experienced in second- and third-line treatment of autoimmune hepatitis. If the liver disease is decompensated, consider evaluation for liver transplantation.',
    grade: 'EASL-2025: referral and transplant evaluation (grade not verified)',
    evidence: 'BavenPronk-2022: CNI remission 52% as second line, 26% as third line',
    source: 'EASL-2025; BavenPronk-2022',
    kind: 'action',
  },
  'reconsider-diagnosis': {
    title: 'Reconsider the diagnosis',
    text: 'Transaminases fell by less than 50% within 4 weeks of treatment (non-response). Re-evaluate the diagnosis of autoimmune hepatitis and adherence before escalating treatment.',
    grade: 'IAIHG-2022: consensus response criteria (no graded recommendation)',
    evidence:
      'IAIHG-2022: non-response = <50% decrease of serum transaminases within 4 weeks after initiation of treatment',
    source: 'IAIHG-2022',
    kind: 'action',
  },
  'check-adherence': {
    title: 'Check adherence',
    text: 'Exclude non-adherence before changing or intensifying treatment.',
    grade:
      'EASL-2025: precondition of optimisation ("after exclusion of non-adherence"; LoE 3, strong, strong consensus)',
    evidence: 'EASL-2025: optimisation is recommended after exclusion of non-adherence',
    source: 'EASL-2025',
    kind: 'action',
  },
  'measure-thiopurine-metabolites': {
    title: 'Measure thiopurine metabolites',
    text: 'Measure 6-thioguanine nucleotides (6-TGN) and 6-methylmercaptopurine (6-MMP) in red blood cells: they show adherence and decide between increasing azathioprine (6-MMP not raised) and adding allopurinol (6-MMP disproportionately raised).',
    grade:
      'EASL-2025: 6-MMP-based branching of the optimisation recommendations (metabolite cut-offs not graded)',
    evidence:
      '6-MMP > 5700 pmol/8×10⁸ RBC counts as raised (Al-Shamma-2012, IBD data); 6-TGN > 220 pmol/8×10⁸ RBC predicted maintained remission in AIH (Dhaliwal-2012)',
    source: 'EASL-2025; Al-Shamma-2012; Dhaliwal-2012',
    kind: 'test',
    serviceRequest: { loincOrText: THIOPURINE_METABOLITES_TEXT, display: THIOPURINE_METABOLITES_TEXT },
  },
  'optimise-azathioprine': {
    title: 'Increase azathioprine',
    text: 'After excluding non-adherence, and with 6-MMP not raised, increase azathioprine up to 2 mg/kg/day.',
    grade: 'EASL-2025: LoE 3, strong, strong consensus',
    evidence:
      'EASL-2025: up to 2 mg/kg/day when 6-MMP is appropriately low; 6-MMP ≤ 5700 pmol/8×10⁸ RBC (Al-Shamma-2012, IBD data)',
    source: 'EASL-2025; Al-Shamma-2012',
    kind: 'action',
  },
  'add-allopurinol': {
    title: 'Add allopurinol and reduce azathioprine',
    text: '6-MMP is disproportionately raised: add allopurinol and reduce azathioprine to 25% of the dose.',
    pregnancyNote: {
      text: 'Allopurinol is contraindicated in pregnancy.',
      when: ['pregnancy', 'reproductive-potential'],
    },
    grade: 'EASL-2025: LoE 3, weak, strong consensus',
    evidence:
      '6-MMP threshold > 5700 pmol/8×10⁸ RBC from Al-Shamma-2012 (IBD data); allopurinol 100 mg daily (Al-Shamma-2012, case level)',
    source: 'EASL-2025; Al-Shamma-2012',
    kind: 'drug',
    medication: {
      ingredient: 'allopurinol',
      rxnorm: '519',
      display: 'allopurinol',
      dosageText: 'Allopurinol 100 mg daily with azathioprine reduced to 25% of the dose',
    },
  },
  'switch-to-mmf': {
    title: 'Switch to mycophenolate mofetil',
    text: 'Mycophenolate mofetil (MMF) is the second-line treatment of choice for intolerance of thiopurines.',
    pregnancyNote: MMF_CONTRACEPTION,
    grade: 'EASL-2025: LoE 2, strong, strong consensus',
    evidence: 'Efe-2017 group 1: 91.9% (68/74); Santiago-2019 intolerant 0.82',
    source: 'EASL-2025; Efe-2017; Santiago-2019',
    kind: 'drug',
    medication: MMF,
  },
  'switch-to-mercaptopurine-or-thioguanine': {
    title: 'Switch to mercaptopurine or thioguanine',
    text: 'For intolerance of azathioprine, mercaptopurine (6-MP) or thioguanine (6-TG) can be used instead of azathioprine.',
    grade: 'EASL-2025: LoE 4, weak, strong consensus',
    evidence: 'EASL-2025 recommendation; no comparative figures in the sources used here',
    source: 'EASL-2025',
    kind: 'drug',
    medication: {
      ingredient: 'mercaptopurine',
      rxnorm: '103',
      display: 'mercaptopurine',
      dosageText:
        'Mercaptopurine (6-MP) in place of azathioprine, dose per local thiopurine protocol; thioguanine (6-TG) is the alternative (EASL-2025)',
    },
  },
  'switch-to-budesonide': {
    title: 'Switch to budesonide',
    text: 'For intolerable side effects of prednis(ol)one in a patient without cirrhosis, use budesonide instead. Not with cirrhosis: budesonide is contraindicated with portal hypertension and portocaval shunting.',
    grade: 'EASL-2025 grade not verified',
    evidence:
      'BavenPronk-2022: "In noncirrhotic patients with intolerable side effects of PRED, budesonide is an excellent option"',
    source: 'BavenPronk-2022; EASL-2025',
    kind: 'drug',
    medication: {
      ingredient: 'budesonide',
      rxnorm: '19831',
      display: 'budesonide',
      dosageText:
        'Budesonide (oral) in place of prednis(ol)one, dose per local protocol; only in patients without cirrhosis',
    },
  },
  'mmf-after-optimisation': {
    title: 'Mycophenolate mofetil before third-line therapy',
    text: 'The response is still insufficient after azathioprine was optimised: mycophenolate mofetil (MMF) may be used before third-line therapy.',
    pregnancyNote: MMF_CONTRACEPTION,
    grade: 'EASL-2025: LoE 2, weak, consensus',
    evidence: 'Efe-2017 group 2: 34.0% (16/47); Santiago-2019 0.32',
    source: 'EASL-2025; Efe-2017; Santiago-2019',
    kind: 'drug',
    medication: MMF,
  },
  'consider-tacrolimus': {
    title: 'Consider tacrolimus',
    text: 'EASL-2025 lists tacrolimus among the third-line options, while the comparative evidence favours it over MMF in insufficient responders. The guideline and the evidence disagree, and the clinician decides; the TAILOR trial (tacrolimus vs MMF in incomplete responders) was designed to settle exactly this. Dose to a trough of 3–7 ng/mL and check renal function.',
    grade: 'EASL-2025: listed among third-line options (grade not verified)',
    evidence:
      'Efe-2017 group 2: 56.5% (26/46) vs MMF 34.0%, p = 0.029; BavenPronk-2022 CNI remission 53% (insufficient response), 52% as second line, 26% as third line; trough: BavenPronk-2022',
    source: 'EASL-2025; Efe-2017; BavenPronk-2022; TAILOR',
    kind: 'drug',
    medication: {
      ingredient: 'tacrolimus',
      rxnorm: '42316',
      display: 'tacrolimus',
      dosageText: 'Tacrolimus: dose to a trough of 3–7 ng/mL (BavenPronk-2022)',
    },
  },
  'switch-to-mmf-after-cni': {
    title: 'Switch to mycophenolate mofetil after a calcineurin inhibitor',
    text: 'Second-line tacrolimus or ciclosporin has failed: mycophenolate mofetil (MMF) is the next option.',
    pregnancyNote: MMF_CONTRACEPTION,
    grade: 'BavenPronk-2022: expert opinion (no EASL-2025 grade)',
    evidence: 'BavenPronk-2022: "MMF is the most logical next option"',
    source: 'BavenPronk-2022',
    kind: 'drug',
    medication: MMF,
  },
  'continue-current-therapy': {
    title: 'Continue current therapy',
    text: 'Continue the current regimen and monitor ALT, AST and IgG.',
    grade: 'EASL-2025: maintenance therapy (grade not verified)',
    evidence:
      'Complete biochemical response = normal ALT, AST and IgG no later than 6 months after treatment start (IAIHG-2022, EASL-2025 Table 7)',
    source: 'EASL-2025; IAIHG-2022',
    kind: 'action',
  },
  'reassess-at-6-months': {
    title: 'Reassess at 6 months',
    text: 'Too early to judge the response: reassess ALT, AST and IgG 6 months after the start of the current regimen.',
    grade: 'IAIHG-2022: response assessed at 6 months (no graded recommendation)',
    evidence: 'IAIHG-2022: insufficient response = no complete biochemical response by 6 months',
    source: 'IAIHG-2022',
    kind: 'action',
  },
};

/** The catalogue entry of a recommendation. */
export function catalogueEntry(id: RecommendationId): CatalogueEntry {
  return RECOMMENDATION_CATALOGUE[id];
}

/** Short source names of a `; `-joined source line. */
export function sourceNames(source: string): string[] {
  return source
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function isSourceName(name: string): name is SourceName {
  return Object.prototype.hasOwnProperty.call(SOURCES, name);
}
