import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** The modules a file imports for their values (`import type` and `export type` are erased by the build). */
function valueImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const statements = source.match(/^(?:import|export)\s[^;]*?\sfrom\s+'[^']+';/gms) ?? [];
  const sideEffects = [...source.matchAll(/^import\s+'([^']+)';/gm)].map((match) => match[1] ?? '');
  return [
    ...statements
      .filter((statement) => !/^(?:import|export)\s+type\s/.test(statement))
      .map((statement) => /'([^']+)';$/.exec(statement)?.[1] ?? ''),
    ...sideEffects,
  ];
}

/** Every module the launch page's script evaluates: project files by path, packages by name. */
function launchPageModules(): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of valueImports(file)) {
      if (!specifier.startsWith('.')) {
        seen.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier);
      if (target.endsWith('.json')) seen.add(target);
      else visit(target.replace(/\.js$/, '.ts'));
    }
  };
  visit(resolve(root, 'launch/launch.ts'));
  return seen;
}

describe('the launch page script', () => {
  it('evaluates no zod: the manifest it reads was checked by the build', () => {
    const modules = launchPageModules();
    expect(modules).toContain(resolve(root, 'src/smart-config.ts'));
    expect(modules).toContain(resolve(root, 'smart-manifest.json'));
    expect(modules).toContain('fhirclient');
    expect([...modules].filter((module) => /(^|\/)zod(\/|\.ts$|$)/.test(module))).toEqual([]);
    expect(modules).not.toContain(resolve(root, 'src/smart-manifest-schema.ts'));
  });

  it('would see zod through the schema module (the check can fail)', () => {
    expect(valueImports(resolve(root, 'src/smart-manifest-schema.ts'))).toContain('./zod.js');
    expect(valueImports(resolve(root, 'src/zod.ts'))).toContain('zod/mini');
  });
});
