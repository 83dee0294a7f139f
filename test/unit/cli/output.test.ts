import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Assessment, RecommendationResult } from '../../../src/core/types.js';
import {
  BufferedOutput,
  csvField,
  csvRow,
  formatAssessment,
  formatHeader,
  worklistRow,
} from '../../../src/cli/output.js';

function recommendation(
  id: RecommendationResult['id'],
  status: RecommendationResult['status'],
): RecommendationResult {
  return {
    id,
    status,
    blockedBy: [],
    warnings: [],
    source: 'EASL-2025',
    title: id,
    text: id,
    grade: '',
    evidence: '',
  };
}

function assessmentFor(patientId: string, overrides: Partial<Assessment> = {}): Assessment {
  // Only the fields the worklist reads matter here; the rest is shaped like the core's output.
  return {
    rulesVersion: '2',
    patientId,
    asOf: '2025-06-30',
    response: 'insufficient-response',
    qualifiers: ['tailor-like', 'uln-default'],
    line: 'first',
    intolerance: [],
    actionableIntolerance: [],
    recommendations: [
      recommendation('refer-specialist-centre', 'blocked'),
      recommendation('check-adherence', 'suggested'),
      recommendation('consider-tacrolimus', 'suggested'),
    ],
    safetyFlags: ['cirrhosis', 'egfr-below-60'],
    missing: [],
    dataQuality: [],
    evidence: [],
    explanation: { ruleId: 'insufficient-response', source: 'IAIHG-2022', text: '', regimen: [] },
    periods: [],
    card: { uuid: 'u', summary: 's', indicator: 'warning', source: { label: 'l' } },
    ...overrides,
  };
}

describe('CSV quoting (RFC 4180)', () => {
  it('leaves plain fields alone', () => {
    expect(csvField('insufficient-response')).toBe('insufficient-response');
    expect(csvField('')).toBe('');
  });

  it('quotes fields with commas, quotes or line breaks and doubles the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('neutralises every cell a spreadsheet would run as a formula, valid FHIR ids included', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-12.5')).toBe("'-12.5");
    expect(csvField('-abc')).toBe("'-abc");
    expect(csvField('-2-3')).toBe("'-2-3");
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('a-2')).toBe('a-2');
  });

  it('ends rows with CRLF', () => {
    expect(csvRow(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });
});

describe('worklist row', () => {
  it('takes the first suggested recommendation, skipping blocked ones, and joins lists', () => {
    expect(worklistRow(assessmentFor('p1'))).toBe(
      'p1,insufficient-response,tailor-like; uln-default,check-adherence,cirrhosis; egfr-below-60\r\n',
    );
  });

  it('leaves the suggestion empty when nothing is suggested', () => {
    const row = worklistRow(
      assessmentFor('p,2', {
        recommendations: [recommendation('switch-to-mmf', 'blocked')],
        qualifiers: [],
        safetyFlags: [],
      }),
    );
    expect(row).toBe('"p,2",insufficient-response,,,\r\n');
  });

  it('has a header for csv only, and ndjson lines that parse back to the assessment', () => {
    expect(formatHeader('csv')).toBe('patient,response,qualifiers,top_suggestion,safety_flags\r\n');
    expect(formatHeader('ndjson')).toBe('');
    const assessment = assessmentFor('p3');
    const line = formatAssessment(assessment, 'ndjson');
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(assessment);
  });
});

describe('BufferedOutput', () => {
  it('writes everything, in order, and waits when the stream asks it to', async () => {
    const received: string[] = [];
    let waits = 0;
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _encoding, done) {
        received.push(chunk.toString());
        setTimeout(done, 1);
      },
    });
    slow.on('drain', () => (waits += 1));
    const output = new BufferedOutput(slow);
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(40)}\n`);
    for (const line of lines) await output.write(line);
    await output.flush();
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(received.join('')).toBe(lines.join(''));
    expect(waits).toBeGreaterThan(0);
  });

  it('writes text and UTF-8 bytes mixed, in order', async () => {
    const received: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        received.push(chunk);
        done();
      },
    });
    const output = new BufferedOutput(sink);
    const parts = Array.from({ length: 2000 }, (_, i) => `{"n":${i},"x":"2.3×ULN ≤ 1"}\n`);
    for (const [i, part] of parts.entries())
      await output.write(i % 3 === 0 ? part : new Uint8Array(Buffer.from(part, 'utf8')));
    await output.flush();
    expect(Buffer.concat(received).toString('utf8')).toBe(parts.join(''));
  });

  it('stops quietly once the reader has gone away', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const output = new BufferedOutput(broken);
    await output.write('x'.repeat(70_000));
    await new Promise((resolve) => setImmediate(resolve));
    expect(output.closed).toBe(true);
    await expect(output.write('more')).resolves.toBeUndefined();
  });
});
