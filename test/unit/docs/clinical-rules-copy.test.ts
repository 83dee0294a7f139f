/**
 * The project's copy of the rule set (`docs/clinical-rules.md`) must be the normative specification,
 * word for word: the code cites its ids, thresholds and windows. Where the specification sits next to
 * the repository (`../shared/clinical-rules.md`) the two are compared; elsewhere the copy is checked
 * against the digest of rules v2 recorded here, so the test always asserts something.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES_VERSION } from '../../../src/core/types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const copyPath = resolve(root, 'docs/clinical-rules.md');
const specPath = resolve(root, '../shared/clinical-rules.md');
/** SHA-256 of rules v2 as published. */
const RULES_V2_SHA256 = '462316d23ccf38a20ed68d7b99528e0b9b4c120386d496bf62192c833fd6c8e0';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('docs/clinical-rules.md', () => {
  const copy = readFileSync(copyPath, 'utf8');

  it('is an exact copy of the specification (or of rules v2 by digest when the spec is not beside the repo)', () => {
    if (existsSync(specPath)) expect(copy).toBe(readFileSync(specPath, 'utf8'));
    else expect(sha256(copy)).toBe(RULES_V2_SHA256);
  });

  it('is the rules version the core reports', () => {
    expect(RULES_VERSION).toBe('2');
    expect(copy.split('\n')[0]).toBe(`# AIH Navigator — clinical rule set (rules v${RULES_VERSION})`);
  });
});
