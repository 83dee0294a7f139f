import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/core/card/format.js';

/** Every replacement applied, whatever the text holds. */
const escapedInFull = (text: string): string =>
  text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');

describe('escapeMarkdown', () => {
  it('escapes markup, HTML and line breaks of record text', () => {
    expect(escapeMarkdown('a*b_[c](d)|e~`f`\\ <g>\r\nh\ni\rj')).toBe(
      'a\\*b\\_\\[c\\](d)\\|e\\~\\`f\\`\\\\ &lt;g> h i\rj',
    );
    expect(escapeMarkdown('MedicationRequest/mr-1')).toBe('MedicationRequest/mr-1');
  });

  it('changes text exactly as applying every replacement would', () => {
    const markupHeavy = fc.string({
      unit: fc.constantFrom('a', ' ', '\\', '`', '*', '_', '[', ']', '|', '~', '<', '\r', '\n', 'é'),
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), markupHeavy), (text) => {
        expect(escapeMarkdown(text)).toBe(escapedInFull(text));
      }),
      { numRuns: 1000 },
    );
  });
});
