/**
 * The temporary folder is removed synchronously when a signal ends the run, while files may still be being
 * created on libuv's threads: a folder found not empty is listed and emptied again; anything else, or a
 * folder that stays not empty, is reported instead of thrown (a throw would end the run with exit 1 and a
 * stack trace instead of the signal's exit code).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeFolderNow } from '../../../src/cli/temp-dir.js';

const notEmpty = (): Error =>
  Object.assign(new Error('ENOTEMPTY: directory not empty'), { code: 'ENOTEMPTY' });

describe('removeFolderNow', () => {
  it('removes a folder and its files', () => {
    const folder = mkdtempSync(join(tmpdir(), 'aih-temp-dir-'));
    writeFileSync(join(folder, 'bucket-0.spill'), 'x');
    expect(removeFolderNow(folder)).toBeUndefined();
    expect(existsSync(folder)).toBe(false);
  });

  it('empties the folder again when a file appeared while it was being removed', () => {
    const folder = mkdtempSync(join(tmpdir(), 'aih-temp-dir-'));
    let calls = 0;
    const problem = removeFolderNow(folder, (path) => {
      calls += 1;
      // The first two tries meet a file created after the folder was listed.
      if (calls <= 2) throw notEmpty();
      rmSync(path, { recursive: true, force: true });
    });
    expect(problem).toBeUndefined();
    expect(calls).toBe(3);
    expect(existsSync(folder)).toBe(false);
  });

  it('says why when the folder cannot be removed, without throwing', () => {
    let calls = 0;
    const stillNotEmpty = removeFolderNow('/nowhere', () => {
      calls += 1;
      throw notEmpty();
    });
    expect(stillNotEmpty).toMatch(/ENOTEMPTY/);
    expect(calls).toBe(5);
    const denied = removeFolderNow('/nowhere', () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    expect(denied).toMatch(/EACCES/);
  });
});
