import { describe, expect, it } from 'vitest';
import { isCalendarDate, parseClassifyArgs } from '../../../src/cli/args.js';
import { localCalendarDate } from '../../../src/core/dates.js';

const TODAY = '2026-03-15';

describe('parseClassifyArgs', () => {
  it('defaults to today, ndjson, and keeps every path in order', () => {
    const parsed = parseClassifyArgs(['a.json', 'export/'], TODAY);
    expect(parsed).toEqual({
      kind: 'options',
      options: { asOf: TODAY, format: 'ndjson', paths: ['a.json', 'export/'] },
    });
  });

  it('reads --as-of, --format and --site-config in both spellings', () => {
    const parsed = parseClassifyArgs(
      ['--as-of', '2025-01-31', '--format=csv', '--site-config', 'site.json', 'x.ndjson'],
      TODAY,
    );
    expect(parsed).toEqual({
      kind: 'options',
      options: { asOf: '2025-01-31', format: 'csv', siteConfigPath: 'site.json', paths: ['x.ndjson'] },
    });
  });

  it.each([
    [['--as-of', '2025-02-30', 'x'], /--as-of must be a calendar date/],
    [['--as-of', '31/01/2025', 'x'], /--as-of must be a calendar date/],
    [['--format', 'xml', 'x'], /--format must be ndjson or csv/],
    [['--as-of', '2025-01-01'], /at least one PATH/],
    [['--colour', 'x'], /Unknown option '--colour'/],
    [['--as-of'], /argument missing/],
    [['--jobs', '0', 'x'], /--jobs must be a whole number from 1 to 64/],
    [['-j', '1.5', 'x'], /--jobs must be a whole number/],
  ])('rejects %j as a usage error', (argv, message) => {
    const parsed = parseClassifyArgs(argv, TODAY);
    expect(parsed.kind).toBe('usage-error');
    if (parsed.kind === 'usage-error') expect(parsed.message).toMatch(message);
  });

  it('reads --jobs as a number of worker threads', () => {
    const parsed = parseClassifyArgs(['-j', '3', 'export/'], TODAY);
    expect(parsed.kind === 'options' && parsed.options.jobs).toBe(3);
  });

  it('asks for help with -h or --help even with other arguments', () => {
    expect(parseClassifyArgs(['-h'], TODAY)).toEqual({ kind: 'help' });
    expect(parseClassifyArgs(['x', '--help'], TODAY)).toEqual({ kind: 'help' });
  });

  it('takes a path that starts with a dash after --', () => {
    const parsed = parseClassifyArgs(['--', '-odd-name.json'], TODAY);
    expect(parsed.kind === 'options' && parsed.options.paths).toEqual(['-odd-name.json']);
  });
});

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
    expect(isCalendarDate('2024-1-01')).toBe(false);
  });

  it('formats the local date, not the UTC one', () => {
    const lateEvening = new Date(2025, 11, 31, 23, 30);
    expect(localCalendarDate(lateEvening)).toBe('2025-12-31');
    expect(localCalendarDate(new Date(2025, 0, 5))).toBe('2025-01-05');
  });
});
