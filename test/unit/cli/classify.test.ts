import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Capture } from './capture.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/cli/help.js';
import { MESSAGES_PER_FILE } from '../../../src/cli/input-report.js';
import { runCli } from '../../../src/cli/main.js';
import { describeJsonError } from '../../../src/cli/read-inputs.js';
import type { Assessment } from '../../../src/core/types.js';
import { aih, ndjson, patient, pbc, prednisoneByReference, prednisoneMedication } from './resources.js';

const AS_OF = '2025-03-01';
/** 30 days before AS_OF: a first-line start that is too early to judge. */
const RECENT = '2025-01-30';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdout, stderr, now: () => new Date(2025, 2, 1, 12) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function assessments(stdout: string): Assessment[] {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Assessment);
}

let dir: string;
const path = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aih-cli-classify-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aih-navigator (dispatch)', () => {
  it('prints help with the exit codes, and the version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(/aih-navigator classify/);
    expect(help.stdout).toMatch(/70\s+internal error/);
    const version = await run(['--version']);
    expect(version.code).toBe(EXIT.ok);
    expect(version.stdout).toMatch(/^aih-navigator \d+\.\d+\.\d+ \(rules v2\)\n$/);
  });

  it('treats a missing or unknown command as a usage error', async () => {
    expect((await run([])).code).toBe(EXIT.usage);
    const unknown = await run(['screen']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toMatch(/unknown command "screen"/);
  });

  it('returns 2 for a bad option and 2 for an invalid site configuration, writing nothing on stdout', async () => {
    const bad = await run(['classify', '--as-of', 'yesterday', path('x.json')]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/--as-of must be a calendar date/);
    writeFileSync(path('site.json'), '{"defaultUln": {"alt": 40}}');
    const site = await run(['classify', '--site-config', path('site.json'), path('x.json')]);
    expect(site.code).toBe(EXIT.usage);
    expect(site.stderr).toMatch(/invalid site configuration/);
    expect(bad.stdout + site.stdout).toBe('');
  });
});

describe('classify: input kinds', () => {
  it('reads a collection Bundle with several patients and writes them sorted by id', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        patient('p-b'),
        aih('c1', 'p-b'),
        patient('p-a'),
        prednisoneMedication,
        prednisoneByReference('m1', 'p-b', RECENT),
      ].map((resource) => ({ resource })),
    };
    writeFileSync(path('collection.json'), JSON.stringify(bundle));
    const result = await run(['classify', '--as-of', AS_OF, path('collection.json')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT.ok);
    const out = assessments(result.stdout);
    expect(out.map((a) => [a.patientId, a.response, a.asOf])).toEqual([
      ['p-a', 'not-applicable', AS_OF],
      ['p-b', 'too-early', AS_OF],
    ]);
    expect(out[1]?.rulesVersion).toBe('2');
    expect(out[1]?.card.summary.length).toBeGreaterThan(0);
  });

  it('reads a transaction Bundle whose patient is known only by its urn:uuid fullUrl', async () => {
    const patientUrl = 'urn:uuid:6a1f1f2e-0000-4000-8000-000000000001';
    const medicationUrl = 'urn:uuid:6a1f1f2e-0000-4000-8000-000000000002';
    const anonymousPatient: Record<string, unknown> = patient('ignored');
    delete anonymousPatient.id;
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: patientUrl, resource: anonymousPatient, request: { method: 'POST', url: 'Patient' } },
        {
          fullUrl: medicationUrl,
          resource: { ...prednisoneMedication, id: undefined },
          request: { method: 'POST', url: 'Medication' },
        },
        {
          resource: { ...aih('c1', 'x'), id: undefined, subject: { reference: patientUrl } },
          request: { method: 'POST', url: 'Condition' },
        },
        {
          resource: {
            ...prednisoneByReference('m', 'x', RECENT, medicationUrl),
            id: undefined,
            subject: { reference: patientUrl },
          },
          request: { method: 'POST', url: 'MedicationRequest' },
        },
        { request: { method: 'DELETE', url: 'Observation/old' } },
      ],
    };
    writeFileSync(path('transaction.json'), JSON.stringify(bundle));
    const result = await run(['classify', '--as-of', AS_OF, path('transaction.json')]);
    expect(result.code).toBe(EXIT.ok);
    const out = assessments(result.stdout);
    expect(out.map((a) => [a.patientId, a.response])).toEqual([
      ['6a1f1f2e-0000-4000-8000-000000000001', 'too-early'],
    ]);
  });

  it('attaches searchset OperationOutcome entries to the Bundle’s only patient as data-quality notes', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { resource: patient('p-s'), search: { mode: 'match' } },
        { resource: aih('c1', 'p-s'), search: { mode: 'match' } },
        {
          resource: {
            resourceType: 'OperationOutcome',
            issue: [
              {
                severity: 'warning',
                code: 'informational',
                diagnostics: 'The search may not contain the entire record (4119)',
              },
            ],
          },
          search: { mode: 'outcome' },
        },
      ],
    };
    writeFileSync(path('searchset.json'), JSON.stringify(bundle));
    const result = await run(['classify', '--as-of', AS_OF, path('searchset.json')]);
    expect(result.code).toBe(EXIT.ok);
    const [only] = assessments(result.stdout);
    expect(only?.response).toBe('untreated');
    expect(JSON.stringify(only?.dataQuality)).toMatch(/4119/);
  });

  it('reads an NDJSON file of mixed types and patients', async () => {
    writeFileSync(
      path('mixed.ndjson'),
      ndjson([
        patient('n2'),
        pbc('c2', 'n2'),
        aih('c3', 'n2'),
        patient('n1'),
        aih('c1', 'n1'),
        { resourceType: 'Practitioner', id: 'dr' },
      ]),
    );
    const result = await run(['classify', '--as-of', AS_OF, path('mixed.ndjson')]);
    expect(result.code).toBe(EXIT.ok);
    expect(assessments(result.stdout).map((a) => [a.patientId, a.response])).toEqual([
      ['n1', 'untreated'],
      ['n2', 'out-of-scope'],
    ]);
  });

  it('reads a Bulk Data export folder and resolves Medication references from Medication.ndjson', async () => {
    const folder = path('export');
    mkdirSync(folder);
    writeFileSync(join(folder, 'Patient.ndjson'), ndjson([patient('e1'), patient('e2')]));
    writeFileSync(join(folder, 'Condition.ndjson'), ndjson([aih('c1', 'e1'), aih('c2', 'e2')]));
    writeFileSync(
      join(folder, 'MedicationRequest.ndjson'),
      ndjson([
        prednisoneByReference('m1', 'e1', RECENT),
        prednisoneByReference('m2', 'e2', RECENT, 'Medication/not-in-export'),
      ]),
    );
    writeFileSync(join(folder, 'Medication.ndjson'), ndjson([prednisoneMedication]));
    const result = await run(['classify', '--as-of', AS_OF, folder]);
    expect(result.code).toBe(EXIT.ok);
    const out = assessments(result.stdout);
    // e1's prednisone is known through Medication.ndjson; e2's reference cannot be resolved, so its drug
    // is unknown and "no first-line treatment" cannot be said.
    expect(out.map((a) => [a.patientId, a.response])).toEqual([
      ['e1', 'too-early'],
      ['e2', 'insufficient-data'],
    ]);
    expect(JSON.stringify(out[1]?.dataQuality)).toMatch(/not-in-export/);
    expect(out[1]?.missing).toEqual([
      expect.stringMatching(/^medication: the drug of MedicationRequest\/m2 is unknown/),
    ]);
  });

  it('resolves a Medication that comes after the records referring to it', async () => {
    writeFileSync(
      path('a-orders.ndjson'),
      ndjson([aih('c1', 'late'), prednisoneByReference('m1', 'late', RECENT)]),
    );
    writeFileSync(path('z-meds.ndjson'), ndjson([prednisoneMedication]));
    const result = await run(['classify', '--as-of', AS_OF, path('a-orders.ndjson'), path('z-meds.ndjson')]);
    expect(assessments(result.stdout).map((a) => a.response)).toEqual(['too-early']);
  });

  it('writes the worklist CSV with a header and proper quoting', async () => {
    writeFileSync(
      path('csv.ndjson'),
      ndjson([patient('q.1'), aih('c1', 'q.1'), patient('q2', 'male'), aih('c2', 'q2'), pbc('c3', 'q2')]),
    );
    const result = await run(['classify', '--as-of', AS_OF, '--format', 'csv', path('csv.ndjson')]);
    expect(result.code).toBe(EXIT.ok);
    const rows = result.stdout.split('\r\n');
    expect(rows[0]).toBe('patient,response,qualifiers,top_suggestion,safety_flags');
    // A woman of 44: the reproductive-potential flag (clinical-rules.md §7).
    expect(rows[1]).toMatch(/^q\.1,untreated,,[^,]*,reproductive-potential$/);
    expect(rows[2]).toBe('q2,out-of-scope,,refer-specialist-centre,');
    expect(rows[3]).toBe('');
  });
});

describe('classify: invalid input', () => {
  it('skips invalid lines with file:line on stderr, assesses the rest and exits 1', async () => {
    const file = path('broken.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify(patient('ok')),
        '{"resourceType": "Observation", ',
        '[1, 2]',
        '',
        JSON.stringify({ resourceType: 'Observation', id: 'o' }),
        JSON.stringify({ resourceType: 'Patient', gender: 'male' }),
      ].join('\n'),
    );
    const result = await run(['classify', '--as-of', AS_OF, file]);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(assessments(result.stdout).map((a) => a.patientId)).toEqual(['ok']);
    const messages = result.stderr.trim().split('\n');
    expect(messages).toEqual([
      expect.stringMatching(new RegExp(`^${escape(file)}:2: invalid JSON`)),
      `${file}:3: not a FHIR resource (no resourceType)`,
      `${file}:5: Observation without a patient reference (subject or patient)`,
      `${file}:6: Patient without an id`,
    ]);
  });

  it('caps the messages per file and reports the total', async () => {
    const file = path('many-broken.ndjson');
    writeFileSync(
      file,
      [JSON.stringify(patient('ok')), ...Array.from({ length: 50 }, () => '{oops')].join('\n'),
    );
    const result = await run(['classify', '--as-of', AS_OF, file]);
    expect(result.code).toBe(EXIT.invalidInput);
    const lines = result.stderr.trim().split('\n');
    expect(lines.filter((line) => line.includes('invalid JSON'))).toHaveLength(MESSAGES_PER_FILE);
    expect(lines.at(-1)).toBe(
      `${file}: 50 invalid lines or entries in all (first ${MESSAGES_PER_FILE} shown)`,
    );
  });

  it('reads what it can when one of several paths is missing (exit 1)', async () => {
    writeFileSync(path('one.ndjson'), ndjson([patient('one')]));
    const result = await run(['classify', '--as-of', AS_OF, path('missing.ndjson'), path('one.ndjson')]);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(result.stderr).toContain(`${path('missing.ndjson')}: cannot read (no such file or folder)`);
    expect(assessments(result.stdout).map((a) => a.patientId)).toEqual(['one']);
  });

  it('exits 3 when nothing is readable', async () => {
    writeFileSync(path('garbage.json'), 'this is not json');
    writeFileSync(path('garbage.ndjson'), 'nope\nnot either\n');
    for (const argv of [[path('none.json')], [path('garbage.json')], [path('garbage.ndjson')]]) {
      const result = await run(['classify', '--as-of', AS_OF, ...argv]);
      expect(result.code).toBe(EXIT.noInput);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/no readable input/);
    }
  });

  it('accepts an empty searchset (no results) as valid input with no output', async () => {
    writeFileSync(
      path('empty.json'),
      JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: 0 }),
    );
    const result = await run(['classify', '--as-of', AS_OF, path('empty.json')]);
    expect(result).toEqual({ code: EXIT.ok, stdout: '', stderr: '' });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('classify: types the rules do not read', () => {
  it('counts them without parsing, and still parses every line it may use', async () => {
    const file = path('full-export.ndjson');
    writeFileSync(
      file,
      [
        '{"resourceType":"Encounter","id":"e1","subject":{"reference":"Patient/t1"}}',
        // A line of an unused type is not parsed, so its broken tail is not an input error.
        '{"resourceType":"DocumentReference","id":"d1","content":[{"attachment":{"data":"AAAA',
        '{"resourceType":"Observation","id":"o1"',
        JSON.stringify(patient('t1')),
      ].join('\n'),
    );
    const result = await run(['classify', '--as-of', AS_OF, file]);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${escape(file)}:3: invalid JSON`)),
    ]);
    expect(assessments(result.stdout).map((a) => [a.patientId, a.response])).toEqual([
      ['t1', 'not-applicable'],
    ]);
  });
});

describe('describeJsonError', () => {
  it('says where the JSON broke without quoting the text, which may hold patient data', async () => {
    const file = path('names.ndjson');
    writeFileSync(
      file,
      [JSON.stringify(patient('n')), 'Mary Jones, born 1970-01-01', '{"name": "Mary Jones", oops}'].join(
        '\n',
      ),
    );
    const result = await run(['classify', '--as-of', AS_OF, file]);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(result.stderr).not.toMatch(/Mary|Jones|1970/);
    expect(result.stderr.trim().split('\n')).toEqual([
      `${file}:2: invalid JSON`,
      `${file}:3: invalid JSON at character 24`,
    ]);
    expect(describeJsonError(new SyntaxError('Unexpected end of JSON input'))).toBe(
      'invalid JSON (the text ends too early)',
    );
  });
});

describe('classify: --site-config', () => {
  it('passes the site default ULNs to the core (IgG without a lab range decides the state)', async () => {
    // Fixture: a late response that relies on the default IgG ULN of 16 g/L (clinical-rules.md §2).
    const bundle = join(import.meta.dirname, '../../fixtures/bundles/late-response-oracle.json');
    writeFileSync(
      path('strict-igg.json'),
      JSON.stringify({ defaultUln: { altMale: 59, altFemale: 41, ast: 34, igg: 8 } }),
    );
    const iggEvidence = (a: Assessment | undefined) =>
      a?.evidence.filter((e) => e.analyte === 'igg').map((e) => [e.uln, e.ulnSource]);

    const [standard] = assessments((await run(['classify', '--as-of', '2025-06-01', bundle])).stdout);
    const strict = await run([
      'classify',
      '--as-of',
      '2025-06-01',
      '--site-config',
      path('strict-igg.json'),
      bundle,
    ]);
    const [local] = assessments(strict.stdout);
    expect(strict.code).toBe(EXIT.ok);
    expect(iggEvidence(standard)).toEqual([[16, 'default']]);
    expect(iggEvidence(local)).toEqual([[8, 'default']]);
    expect(standard?.response).toBe('late-response');
    expect(local?.response).not.toBe('late-response');
  });
});
