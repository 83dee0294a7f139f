import { describe, expect, it } from 'vitest';
import { freezeJson } from '../../../src/cds-hooks/freeze-json.js';

describe('freezing a parsed answer all the way down', () => {
  it('freezes every object and array of a JSON value, members named __proto__ too', () => {
    const value = JSON.parse(
      '{"entry":[{"resource":{"id":"a","code":{"coding":[{"code":"1"}]}}},[[{"x":{}}]]],"__proto__":{"deep":{"er":[]}}}',
    ) as Record<string, unknown>;
    freezeJson(value);
    const objects: unknown[] = [];
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      objects.push(node);
      for (const key of Reflect.ownKeys(node)) walk((node as Record<PropertyKey, unknown>)[key]);
    };
    walk(value);
    expect(objects.length).toBe(14);
    expect(objects.every((node) => Object.isFrozen(node))).toBe(true);
    expect(() => {
      (value.entry as unknown[]).push(1);
    }).toThrow(TypeError);
  });

  it('returns what it was given, primitives as they are', () => {
    const value = { a: 1 };
    expect(freezeJson(value)).toBe(value);
    expect(freezeJson('text')).toBe('text');
    expect(freezeJson(null)).toBeNull();
  });
});
