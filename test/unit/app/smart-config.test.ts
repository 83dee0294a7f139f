import { describe, expect, it } from 'vitest';
import manifestJson from '../../../smart-manifest.json';
import {
  authorizeConfigs,
  findEhrConfig,
  loaderEhrOf,
  redirectUriFor,
  scopeFor,
  smartManifest,
} from '../../../src/smart-config.js';
import { smartManifestSchema } from '../../../src/smart-manifest-schema.js';

const context = (launchUrl: string) => ({
  launchUrl,
  inFrame: true,
  stateKey: 'a2c1f3e4-0000-4000-8000-123456789abc',
});

describe('SMART launch configuration from smart-manifest.json', () => {
  it('parses the manifest: FHIR 4.0.1, every read type the loader needs, no catch-all EHR', () => {
    expect(smartManifestSchema.safeParse(manifestJson).success).toBe(true);
    // The pages use the manifest as bundled: every field the schema knows is as the schema reads it.
    expect(smartManifest).toMatchObject(smartManifestSchema.parse(manifestJson));
    expect(smartManifest.fhirVersion).toBe('4.0.1');
    expect(smartManifest.scopes.read).toEqual(
      expect.arrayContaining([
        'Patient',
        'Observation',
        'MedicationRequest',
        'MedicationStatement',
        'Condition',
        'AllergyIntolerance',
        'Procedure',
      ]),
    );
    expect(smartManifest.ehrs.map((ehr) => ehr.id)).toEqual(['epic', 'oracle', 'sandbox']);
  });

  it.each([
    ['https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4', 'epic'],
    ['https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4/', 'epic'],
    ['https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d', 'oracle'],
    ['https://fhir-ehr.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d/', 'oracle'],
    ['https://fhir-myrecord.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d', 'oracle'],
    ['http://127.0.0.1:8090/fhir', 'sandbox'],
    ['http://localhost:41234/fhir/', 'sandbox'],
  ])('chooses the EHR configuration for %s', (iss, id) => {
    expect(findEhrConfig(iss)?.id).toBe(id);
  });

  it.each([
    'https://hapi.example.org/fhir',
    'https://epicproxy.hospital.org/FHIRProxy/api/FHIR/R4/',
    'https://attacker.example/api/FHIR/R4',
    'http://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4',
    'https://fhir.epic.com.attacker.example/interconnect-fhir-oauth/api/FHIR/R4',
    'https://myepic.attacker.example/interconnect-fhir-oauth/api/FHIR/R4',
    'https://fhir.epic.com@attacker.example/interconnect-fhir-oauth/api/FHIR/R4',
    'http://fhir-ehr.cerner.com/r4/tenant',
    'https://fhir-ehr.cerner.com.attacker.example/r4/tenant',
    'https://attacker.example/oraclecloud.com/r4',
    'https://fhir-open.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d',
    'http://127.0.0.1.attacker.example/fhir',
    'http://10.0.0.5:8090/fhir',
    'https://127.0.0.1:8090/fhir',
  ])('configures no EHR for %s (no catch-all, https and named hosts only)', (iss) => {
    expect(findEhrConfig(iss)).toBeUndefined();
  });

  it('requires PKCE S256 of every EHR: the manifest accepts no mode that could drop it', () => {
    expect(smartManifest.ehrs.every((ehr) => ehr.pkceMode === 'required')).toBe(true);
    for (const pkceMode of ['ifSupported', 'disabled']) {
      const manifest = { ...manifestJson, ehrs: [{ ...manifestJson.ehrs[0], pkceMode }] };
      expect(smartManifestSchema.safeParse(manifest).success).toBe(false);
    }
  });

  it.each([
    ['epic', '.*'],
    ['epic', '(^https://[^/]*epic[^/]*/)|(/api/FHIR/R4/?$)'],
    ['epic', '^https://[^/]*\\.hospital\\.org/'],
    ['epic', '^https://fhir.hospital.org/'],
    ['epic', '^http://fhir\\.hospital\\.org/'],
    ['epic', '^https://fhir\\.hospital\\.org/|attacker'],
    ['other', '^https://.*/fhir'],
    ['sandbox', '^http://[^/]+/fhir/?$'],
    ['sandbox', '^https?://(127\\.0\\.0\\.1|localhost)(:[0-9]+)?/fhir/?$'],
  ])('refuses an %s entry whose iss pattern %s does not name an https host', (id, issPattern) => {
    const manifest = { ...manifestJson, ehrs: [{ ...manifestJson.ehrs[0], id, issPattern }] };
    expect(smartManifestSchema.safeParse(manifest).success).toBe(false);
  });

  it("accepts a site's own Epic host as an explicit entry", () => {
    const site = {
      ...manifestJson.ehrs[0],
      label: 'Epic at Example Health',
      issPattern: '^https://(fhir|fhir-test)\\.examplehealth\\.org/interconnect-fhir-oauth/api/FHIR/R4/?$',
      clientId: 'site-client-id',
    };
    const manifest = smartManifestSchema.parse({ ...manifestJson, ehrs: [site, ...manifestJson.ehrs] });
    const iss = 'https://fhir.examplehealth.org/interconnect-fhir-oauth/api/FHIR/R4';
    expect(findEhrConfig(iss, manifest)?.clientId).toBe('site-client-id');
    expect(findEhrConfig('https://fhir.examplehealth.org.attacker.example/x', manifest)).toBeUndefined();
  });

  it('builds SMART v1 scopes for Epic and v2 for Oracle, read-only except the write-back types', () => {
    const epic = scopeFor(findEhrConfig('https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4')!, 'ehr');
    expect(epic.split(' ')).toEqual(
      expect.arrayContaining([
        'launch',
        'openid',
        'fhirUser',
        'online_access',
        'patient/Observation.read',
        'patient/Procedure.read',
        'patient/DocumentReference.write',
      ]),
    );
    expect(epic).not.toContain('MedicationRequest.write');
    expect(epic).not.toContain('launch/patient');
    const oracle = scopeFor(findEhrConfig('https://fhir-ehr.cerner.com/r4/tenant-1')!, 'standalone');
    expect(oracle.split(' ')).toEqual(
      expect.arrayContaining([
        'launch/patient',
        'patient/MedicationStatement.rs',
        'patient/Procedure.rs',
        'patient/DocumentReference.c',
      ]),
    );
    expect(oracle.split(' ')).not.toContain('launch');
    expect(oracle).not.toMatch(/\.(read|write)\b/);
    const sandbox = scopeFor(findEhrConfig('http://127.0.0.1:8090/fhir')!, 'ehr');
    expect(sandbox).toContain('patient/MedicationRequest.c');
  });

  it('asks for every type that may be written, and for searching it (an earlier write is found by identifier)', () => {
    const epic = scopeFor(
      findEhrConfig('https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4')!,
      'ehr',
    ).split(' ');
    expect(epic).toEqual(
      expect.arrayContaining([
        'patient/ServiceRequest.write',
        'patient/ServiceRequest.read',
        'patient/DocumentReference.read',
      ]),
    );
    const sandbox = scopeFor(findEhrConfig('http://127.0.0.1:8090/fhir')!, 'ehr').split(' ');
    expect(sandbox).toEqual(
      expect.arrayContaining([
        'patient/MedicationRequest.c',
        'patient/ServiceRequest.c',
        'patient/DocumentReference.c',
        'patient/ServiceRequest.rs',
        'patient/DocumentReference.rs',
      ]),
    );
    // MedicationRequest is read already; it is not asked twice.
    expect(sandbox.filter((scope) => scope === 'patient/MedicationRequest.rs')).toHaveLength(1);
    const oracle = scopeFor(findEhrConfig('https://fhir-ehr.cerner.com/r4/x')!, 'ehr').split(' ');
    expect(oracle).not.toContain('patient/ServiceRequest.c');
  });

  it('makes one authorize configuration per EHR with PKCE mode, the given state and frame handling', () => {
    const configs = authorizeConfigs(
      context('https://app.example.org/launch/launch.html?iss=https%3A%2F%2Ffhir.epic.com%2FR4&launch=abc'),
    );
    expect(configs).toHaveLength(smartManifest.ehrs.length);
    for (const [index, config] of configs.entries()) {
      expect(config.clientId).toBe(manifestJson.ehrs[index]?.clientId);
      expect(config.stateKey).toBe('a2c1f3e4-0000-4000-8000-123456789abc');
      expect(config.completeInTarget).toBe(true);
      expect(config.redirectUri).toBe('https://app.example.org/index.html');
      expect(config.scope.split(' ')).toContain('launch');
      expect(config.pkceMode).toBe('required');
    }
    expect(configs.find((config) => config.issMatch.test('http://127.0.0.1:8090/fhir'))?.clientId).toBe(
      'aih-navigator',
    );
  });

  it('asks for launch/patient in a standalone launch (no launch parameter)', () => {
    const [first] = authorizeConfigs(
      context('https://app.example.org/launch/launch.html?iss=https%3A%2F%2Fx.org%2Ffhir'),
    );
    expect(first?.scope.split(' ')).toContain('launch/patient');
    expect(first?.scope.split(' ')).not.toContain('launch');
  });

  it('resolves the redirect URI relative to where the app is deployed', () => {
    expect(redirectUriFor('https://host.org/apps/aih/launch/launch.html?iss=x')).toBe(
      'https://host.org/apps/aih/index.html',
    );
  });

  it('tells the loader which search plan to use', () => {
    expect(loaderEhrOf(findEhrConfig('https://fhir-ehr.cerner.com/r4/tenant-1'))).toBe('oracle');
    expect(loaderEhrOf(findEhrConfig('http://127.0.0.1:8090/fhir'))).toBe('generic');
  });
});
