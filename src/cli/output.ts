/**
 * Output of `classify`: one assessment object per line (NDJSON), or a worklist CSV (RFC 4180: fields
 * with a comma, quote or line break are quoted, quotes doubled, CRLF line ends). Writes are buffered and
 * respect back-pressure, so a slow pipe holds the program instead of piling results up in memory.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Assessment } from '../core/types.js';
import type { OutputFormat } from './args.js';

export const CSV_HEADER = ['patient', 'response', 'qualifiers', 'top_suggestion', 'safety_flags'] as const;
const CSV_LINE_END = '\r\n';
/** Several values in one cell (qualifiers, safety flags). */
const LIST_SEPARATOR = '; ';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Quotes one CSV field when it needs it. */
export function csvField(value: string): string {
  // A spreadsheet runs "=…", "+…", "-…" and "@…" as formulas: a valid FHIR id such as "-2-3" too, so
  // every such cell is prefixed, at the price of an id shown with a leading quote.
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + CSV_LINE_END;
}

/** The worklist row: the first *suggested* recommendation is the one to act on. */
export function worklistRow(assessment: Omit<Assessment, 'card'>): string {
  const top = assessment.recommendations.find((recommendation) => recommendation.status === 'suggested');
  return csvRow([
    assessment.patientId,
    assessment.response,
    assessment.qualifiers.join(LIST_SEPARATOR),
    top?.id ?? '',
    assessment.safetyFlags.join(LIST_SEPARATOR),
  ]);
}

export function formatAssessment(assessment: Assessment, format: OutputFormat): string {
  return format === 'csv' ? worklistRow(assessment) : `${JSON.stringify(assessment)}\n`;
}

export function formatHeader(format: OutputFormat): string {
  return format === 'csv' ? csvRow(CSV_HEADER) : '';
}

const FLUSH_AT = 1 << 16;

export class BufferedOutput {
  /** Text from this thread, or UTF-8 bytes from a worker thread. */
  private parts: (string | Uint8Array)[] = [];
  private size = 0;
  private hasBytes = false;
  /** Set when the reader went away (e.g. `| head`): the rest is not written, and that is not an error. */
  closed = false;

  constructor(private readonly stream: Writable) {
    stream.on('error', () => {
      this.closed = true;
    });
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.closed || chunk.length === 0) return;
    this.parts.push(chunk);
    this.size += chunk.length;
    if (typeof chunk !== 'string') this.hasBytes = true;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.closed || this.parts.length === 0) return;
    const parts = this.parts;
    const chunk = this.hasBytes
      ? Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)))
      : parts.join('');
    this.parts = [];
    this.size = 0;
    this.hasBytes = false;
    if (!this.stream.write(chunk)) {
      // events.once rejects when the stream errors while waiting: the error handler above has noted it.
      await once(this.stream, 'drain').catch(() => undefined);
    }
  }
}
