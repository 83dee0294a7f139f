import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadTrustedIssuers } from '../../../src/cds-hooks/config.js';
import { parseServeCdsArgs, serveCds } from '../../../src/cli/serve-cds.js';

describe('serve-cds arguments', () => {
  it('has the documented defaults', () => {
    const parsed = parseServeCdsArgs(['--trusted-issuers', 'issuers.json']);
    expect(parsed).toEqual({
      kind: 'config',
      issuersFile: 'issuers.json',
      config: { port: 8091, host: '127.0.0.1', dataDir: '.cds-feedback', allowUnsigned: false },
    });
  });

  it('reads every option', () => {
    const parsed = parseServeCdsArgs([
      '--port=0',
      '--host',
      '0.0.0.0',
      '--public-url',
      'https://cds.example.org/aih',
      '--app-launch-url',
      'https://app.example.org/launch.html',
      '--data-dir',
      '/var/lib/aih',
      '--allow-unsigned',
      '--allow-loopback-http',
      '--workers',
      '3',
    ]);
    expect(parsed).toEqual({
      kind: 'config',
      config: {
        port: 0,
        host: '0.0.0.0',
        publicUrl: 'https://cds.example.org/aih',
        appLaunchUrl: 'https://app.example.org/launch.html',
        dataDir: '/var/lib/aih',
        allowUnsigned: true,
        allowLoopbackHttp: true,
        workers: 3,
      },
    });
  });

  it.each([
    [[], /trusted-issuers/],
    [['--allow-unsigned', '--port', 'http'], /--port/],
    [['--allow-unsigned', '--port', '70000'], /--port/],
    [['--allow-unsigned', '--public-url', 'cds.example.org'], /--public-url/],
    [['--allow-unsigned', '--verbose'], /verbose/],
    [['--allow-unsigned', '--workers', '-1'], /--workers/],
    [['--allow-unsigned', '--workers', 'two'], /--workers/],
    [['--allow-unsigned', '--workers', '1.5'], /--workers/],
  ])('refuses %j', (argv, message) => {
    const parsed = parseServeCdsArgs(argv);
    expect(parsed.kind).toBe('usage-error');
    if (parsed.kind === 'usage-error') expect(parsed.message).toMatch(message);
  });

  it('keeps calls on the main thread with --workers 0', () => {
    const parsed = parseServeCdsArgs(['--allow-unsigned', '--workers', '0']);
    expect(parsed.kind === 'config' && parsed.config.workers).toBe(0);
  });

  it('knows --help', () => {
    expect(parseServeCdsArgs(['--help'])).toEqual({ kind: 'help' });
  });
});

describe('trusted-issuers file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cds-issuers-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads issuer → JWKS URL', async () => {
    const file = join(dir, 'ok.json');
    await writeFile(file, JSON.stringify({ 'https://ehr.example.org': 'https://ehr.example.org/jwks.json' }));
    await expect(loadTrustedIssuers(file)).resolves.toEqual({
      'https://ehr.example.org': 'https://ehr.example.org/jwks.json',
    });
  });

  it('reads issuer → JWKS URL and FHIR base URLs', async () => {
    const file = join(dir, 'current.json');
    const issuers = {
      'https://ehr.example.org': {
        jwksUrl: 'https://ehr.example.org/jwks.json',
        fhirServers: ['https://ehr.example.org/api/FHIR/R4'],
      },
    };
    await writeFile(file, JSON.stringify(issuers));
    await expect(loadTrustedIssuers(file)).resolves.toEqual(issuers);
  });

  it.each([
    ['not-json.json', '{', /not valid JSON/],
    ['array.json', '["https://ehr.example.org"]', /issuer → \{ "jwksUrl"/],
    [
      'misspelt.json',
      '{"https://ehr.example.org": {"jwks": "https://ehr.example.org/j", "fhirServers": []}}',
      /ehr\.example\.org/,
    ],
    ['bad-fhir.json', '{"i": {"jwksUrl": "https://i/j", "fhirServers": ["ftp://i/fhir"]}}', /fhirServers/],
    ['bad-url.json', '{"https://ehr.example.org": "file:///etc/passwd"}', /https:\/\/ehr\.example\.org/],
  ])('refuses %s', async (name, text, message) => {
    const file = join(dir, name);
    await writeFile(file, text);
    await expect(loadTrustedIssuers(file)).rejects.toThrow(message);
  });

  it('says when the file cannot be read', async () => {
    await expect(loadTrustedIssuers(join(dir, 'missing.json'))).rejects.toThrow(/Cannot read/);
  });

  it('refuses to start with a plain-http JWKS or FHIR server unless loopback http is allowed', async () => {
    const file = join(dir, 'plain-http.json');
    await writeFile(
      file,
      JSON.stringify({
        'https://ehr.example.org': {
          jwksUrl: 'http://127.0.0.1:9/jwks',
          fhirServers: ['https://ehr.example.org/fhir'],
        },
      }),
    );
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(serveCds(['--port', '0', '--trusted-issuers', file])).resolves.toBe(2);
      expect(error.mock.calls.flat().join(' ')).toMatch(/not an https URL.*--allow-loopback-http/);
    } finally {
      error.mockRestore();
    }
  });
});
