import { describe, expect, it } from 'vitest';
import { INGREDIENTS } from '../../../src/core/codes.js';
import {
  catalogueEntry,
  isSourceName,
  RECOMMENDATION_CATALOGUE,
  sourceNames,
  SOURCES,
} from '../../../src/core/recommendation-catalogue.js';
import type { RecommendationId } from '../../../src/core/types.js';
import { RULES_RECOMMENDATION_ORDER } from './builders.js';

const ALL_IDS = RULES_RECOMMENDATION_ORDER;

// Compile-time check that the list above is complete.
type Missing = Exclude<RecommendationId, (typeof ALL_IDS)[number]>;
const complete: Missing extends never ? true : false = true;

describe('recommendation catalogue', () => {
  it('has a complete entry for every recommendation id', () => {
    expect(complete).toBe(true);
    expect(Object.keys(RECOMMENDATION_CATALOGUE).sort()).toEqual([...ALL_IDS].sort());
    for (const id of ALL_IDS) {
      const e = catalogueEntry(id);
      for (const field of [e.title, e.text, e.grade, e.evidence, e.source])
        expect(field.trim().length).toBeGreaterThan(0);
      expect(['drug', 'test', 'action']).toContain(e.kind);
    }
  });

  it('cites only sources that have a full citation', () => {
    for (const id of ALL_IDS) {
      const names = sourceNames(RECOMMENDATION_CATALOGUE[id].source);
      expect(names.length, id).toBeGreaterThan(0);
      for (const name of names) expect(isSourceName(name), `${id}: ${name}`).toBe(true);
    }
  });

  it('gives every drug a medication whose RxNorm code is the ingredient code of the code tables', () => {
    for (const id of ALL_IDS) {
      const e = RECOMMENDATION_CATALOGUE[id];
      if (e.kind !== 'drug') {
        expect(e.medication, id).toBeUndefined();
        continue;
      }
      expect(e.medication, id).toBeDefined();
      if (e.medication) expect(INGREDIENTS[e.medication.ingredient].rxnorm).toContain(e.medication.rxnorm);
    }
  });

  it('orders the thiopurine metabolite test as a service request', () => {
    const e = RECOMMENDATION_CATALOGUE['measure-thiopurine-metabolites'];
    expect(e.kind).toBe('test');
    expect(e.serviceRequest?.display).toBe('Thiopurine metabolites (6-TGN, 6-MMP) in red blood cells');
  });

  it('carries the grades of the EASL-2025 recommendations exactly', () => {
    expect(RECOMMENDATION_CATALOGUE['switch-to-mmf'].grade).toBe(
      'EASL-2025: LoE 2, strong, strong consensus',
    );
    expect(RECOMMENDATION_CATALOGUE['switch-to-mercaptopurine-or-thioguanine'].grade).toBe(
      'EASL-2025: LoE 4, weak, strong consensus',
    );
    expect(RECOMMENDATION_CATALOGUE['optimise-azathioprine'].grade).toBe(
      'EASL-2025: LoE 3, strong, strong consensus',
    );
    expect(RECOMMENDATION_CATALOGUE['add-allopurinol'].grade).toBe(
      'EASL-2025: LoE 3, weak, strong consensus',
    );
    expect(RECOMMENDATION_CATALOGUE['mmf-after-optimisation'].grade).toBe(
      'EASL-2025: LoE 2, weak, consensus',
    );
  });

  it('carries the evidence figures of clinical-rules.md §6 exactly', () => {
    expect(RECOMMENDATION_CATALOGUE['switch-to-mmf'].evidence).toBe(
      'Efe-2017 group 1: 91.9% (68/74); Santiago-2019 intolerant 0.82',
    );
    expect(RECOMMENDATION_CATALOGUE['mmf-after-optimisation'].evidence).toBe(
      'Efe-2017 group 2: 34.0% (16/47); Santiago-2019 0.32',
    );
    expect(RECOMMENDATION_CATALOGUE['consider-tacrolimus'].evidence).toContain(
      'Efe-2017 group 2: 56.5% (26/46) vs MMF 34.0%, p = 0.029; BavenPronk-2022 CNI remission 53% (insufficient response), 52% as second line, 26% as third line',
    );
  });

  it('states the tacrolimus disagreement plainly and names TAILOR', () => {
    const e = RECOMMENDATION_CATALOGUE['consider-tacrolimus'];
    expect(e.text).toMatch(/EASL-2025 lists tacrolimus among the third-line options/);
    expect(e.text).toMatch(/evidence favours it over MMF in insufficient responders/);
    expect(e.text).toMatch(/TAILOR/);
    expect(e.source).toContain('TAILOR');
  });

  it('uses the dosage texts of the evidence', () => {
    expect(RECOMMENDATION_CATALOGUE['switch-to-mmf'].medication?.dosageText).toBe(
      'Mycophenolate mofetil: start 1.5 g/day in two divided doses (Efe-2017 median initial dose)',
    );
    expect(RECOMMENDATION_CATALOGUE['consider-tacrolimus'].medication?.dosageText).toBe(
      'Tacrolimus: dose to a trough of 3–7 ng/mL (BavenPronk-2022)',
    );
    expect(RECOMMENDATION_CATALOGUE['add-allopurinol'].medication?.dosageText).toBe(
      'Allopurinol 100 mg daily with azathioprine reduced to 25% of the dose',
    );
  });
});

describe('SOURCES', () => {
  it('has a citation for every short name of clinical-rules.md', () => {
    for (const name of [
      'IAIHG-2022',
      'EASL-2025',
      'Efe-2017',
      'BavenPronk-2022',
      'TAILOR',
      'Leeds-2011',
      'Santiago-2019',
      'Abdollahi-2020',
    ]) {
      expect(isSourceName(name), name).toBe(true);
    }
  });

  it('gives each source a citation, and a doi.org URL that matches its doi', () => {
    for (const [name, source] of Object.entries(SOURCES)) {
      expect(source.citation.length, name).toBeGreaterThan(20);
      if (source.doi) expect(source.url, name).toBe(`https://doi.org/${source.doi}`);
      if (source.url) expect(source.url, name).toMatch(/^https:\/\//);
    }
    expect(SOURCES['EASL-2025'].doi).toBe('10.1016/j.jhep.2025.03.017');
    expect(SOURCES.TAILOR.citation).toContain('NCT05221411');
  });
});
