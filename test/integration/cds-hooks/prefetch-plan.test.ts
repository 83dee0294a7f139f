/**
 * The prefetch templates ask for what the app's loader asks for: the same searches with the same
 * parameters (the loader's page size aside). A search added to one and not the other would make a
 * card from prefetch differ from the app's answer for the same chart.
 */
import { describe, expect, it } from 'vitest';
import { PREFETCH_PARTS } from '../../../src/cds-hooks/prefetch-plan.js';
import { planSearches } from '../../../src/fhir/load/search-plan.js';

const PATIENT = 'p-123';

/** `Type?a=1&b=2` → `Type?a=1&b=2` with parameters sorted and decoded, `_count` left out. */
function normalise(url: string): string {
  const [path = '', search = ''] = url.split('?');
  const params = [...new URLSearchParams(search)]
    .filter(([key]) => key !== '_count')
    .map(([key, value]) => `${key}=${value}`)
    .sort();
  return params.length > 0 ? `${path}?${params.join('&')}` : path;
}

const templates = PREFETCH_PARTS.map((part) =>
  normalise(part.template.replaceAll('{{context.patientId}}', PATIENT)),
);

describe('prefetch templates and the loader', () => {
  it('have a template for every search the loader makes for a generic FHIR server (Epic-like)', () => {
    const loader = planSearches(PATIENT, 'generic').map((search) => normalise(search.url));
    expect([...templates].sort()).toEqual([...loader].sort());
  });

  it('name a code or the laboratory category in every Observation template (Epic refuses others)', () => {
    const observations = PREFETCH_PARTS.filter((part) => part.resourceType === 'Observation');
    expect(observations.map((part) => part.key).sort()).toEqual(['laboratory', 'labs']);
    for (const part of observations) expect(part.template).toMatch(/[?&](code|category)=/);
  });

  it('treat every Observation part as required: a missing one is read or answered 412, never guessed', () => {
    for (const part of PREFETCH_PARTS.filter((p) => p.resourceType === 'Observation'))
      expect(part.whenMissing).toBe('required');
  });
});
