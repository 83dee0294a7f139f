import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf, listInputFiles } from '../../../src/cli/input-files.js';
import { readLines } from '../../../src/cli/line-reader.js';
import { MedicationIndex } from '../../../src/cli/medication-index.js';
import { parseSiteConfig, loadSiteConfig } from '../../../src/cli/site-config.js';
import { rmSync } from 'node:fs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aih-cli-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collectLines(path: string): Promise<[string, number][]> {
  const lines: [string, number][] = [];
  await readLines(path, (line, number) => lines.push([line, number]));
  return lines;
}

describe('input files', () => {
  it('tells NDJSON from Bundle files by extension', () => {
    expect(kindOf('a/Observation.ndjson')).toBe('ndjson');
    expect(kindOf('b.JSONL')).toBe('ndjson');
    expect(kindOf('bundle.json')).toBe('bundle');
  });

  it('reads an export folder with Medication files first, then Patient, then the rest by name', async () => {
    const folder = join(dir, 'export');
    mkdirSync(folder);
    for (const name of [
      'Observation.ndjson',
      'Patient.ndjson',
      'MedicationRequest.ndjson',
      'Medication.ndjson',
      'manifest.json',
      'Condition.ndjson',
    ]) {
      writeFileSync(join(folder, name), '');
    }
    const list = await listInputFiles([folder]);
    expect(list.files.map((f) => f.path.slice(folder.length + 1))).toEqual([
      'Medication.ndjson',
      'Patient.ndjson',
      'Condition.ndjson',
      'MedicationRequest.ndjson',
      'Observation.ndjson',
    ]);
    expect(list.files.every((f) => f.kind === 'ndjson')).toBe(true);
    expect(list.problems).toEqual([]);
  });

  it('reports missing paths, empty folders and compressed files instead of skipping them', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const gz = join(dir, 'Observation.ndjson.gz');
    writeFileSync(gz, '');
    const list = await listInputFiles([join(dir, 'nope.json'), empty, gz]);
    expect(list.files).toEqual([]);
    expect(list.problems).toEqual([
      `${join(dir, 'nope.json')}: cannot read (no such file or folder)`,
      `${empty}: no .ndjson files in this folder (expected a Bulk Data export)`,
      `${gz}: compressed files are not read; decompress it first`,
    ]);
  });
});

describe('readLines', () => {
  it('handles CRLF, a missing final newline, blank lines and a byte order mark', async () => {
    const path = join(dir, 'mixed.ndjson');
    writeFileSync(path, '\uFEFF{"a":1}\r\n\n{"b":2}\n{"c":3}');
    expect(await collectLines(path)).toEqual([
      ['{"a":1}', 1],
      ['', 2],
      ['{"b":2}', 3],
      ['{"c":3}', 4],
    ]);
  });

  it('keeps multi-byte characters and lines intact across read chunks', async () => {
    const path = join(dir, 'large.ndjson');
    const lines = Array.from({ length: 30_000 }, (_, i) =>
      JSON.stringify({ i, text: `µkat/L – Ünïcødé ${i}` }),
    );
    writeFileSync(path, lines.join('\n') + '\n');
    const read = await collectLines(path);
    expect(read.length).toBe(lines.length);
    expect(read.map(([line]) => line)).toEqual(lines);
    expect(read.at(-1)?.[1]).toBe(30_000);
  });
});

describe('MedicationIndex', () => {
  const medication = {
    resourceType: 'Medication',
    id: 'aza',
    meta: { lastUpdated: '2024-01-01' },
    code: {
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197388' }],
      text: 'azathioprine 50 MG',
    },
    form: { text: 'Tablet' },
    ingredient: [{ itemCodeableConcept: { coding: [{ code: '1256' }] }, isActive: true }],
  };

  it('keeps only what identifies the drug and resolves relative, absolute and versioned references', () => {
    const index = new MedicationIndex();
    index.add(medication);
    const kept = {
      resourceType: 'Medication',
      id: 'aza',
      code: medication.code,
      form: medication.form,
      ingredient: [{ itemCodeableConcept: { coding: [{ code: '1256' }] } }],
    };
    expect(index.lookup('Medication/aza')).toEqual(kept);
    expect(index.lookup('https://ehr.example.org/fhir/Medication/aza')).toEqual(kept);
    expect(index.lookup('Medication/aza/_history/3')).toEqual(kept);
    expect(index.lookup('Medication/other')).toBeUndefined();
    expect(index.lookup('#aza')).toBeUndefined();
  });

  it('indexes Bundle Medications by fullUrl and keeps malformed ones whole for the mapper to report', () => {
    const index = new MedicationIndex();
    index.add({ resourceType: 'Medication', code: { coding: 'not-a-list' } }, 'urn:uuid:med-1');
    expect(index.lookup('urn:uuid:med-1')).toEqual({
      resourceType: 'Medication',
      code: { coding: 'not-a-list' },
    });
    expect(index.size).toBe(1);
  });
});

describe('site configuration', () => {
  it('reads default ULNs and local lab codes', () => {
    const result = parseSiteConfig(
      JSON.stringify({
        defaultUln: { altMale: 50, altFemale: 35, ast: 40, igg: 15.5 },
        siteCodes: { 'http://lab.example.org|ALT-1': 'alt' },
      }),
      'site.json',
    );
    expect(result).toEqual({
      ok: true,
      settings: {
        site: { defaultUln: { altMale: 50, altFemale: 35, ast: 40, igg: 15.5 } },
        siteCodes: { 'http://lab.example.org|ALT-1': 'alt' },
      },
    });
  });

  it.each([
    ['{', /site.json: not valid JSON/],
    ['{"defaultULN": {}}', /Unrecognized key.*defaultULN/],
    ['{"defaultUln": {"altMale": 50}}', /defaultUln.altFemale/],
    ['{"defaultUln": {"altMale": -1, "altFemale": 35, "ast": 40, "igg": 16}}', /defaultUln.altMale/],
    ['{"siteCodes": {"ALT-1": "alt"}}', /system\|code/],
    ['{"siteCodes": {"http://x|A": "bilirubin"}}', /siteCodes/],
  ])('rejects %s with a message that names the problem', (text, message) => {
    const result = parseSiteConfig(text, 'site.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('says when the file cannot be read, and needs no file at all', async () => {
    const missing = await loadSiteConfig(join(dir, 'missing-site.json'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.message).toMatch(/cannot read the site configuration/);
    expect(await loadSiteConfig(undefined)).toEqual({ ok: true, settings: { site: {}, siteCodes: {} } });
  });
});
