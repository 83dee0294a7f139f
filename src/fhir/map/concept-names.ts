/** The names a code is written with: its text first, then its codings' displays. */
import type { CodeableConcept } from '../schemas/datatypes.js';

export function conceptNames(code: CodeableConcept | undefined): string[] {
  const names: string[] = [];
  if (code?.text) names.push(code.text);
  for (const c of code?.coding ?? []) if (c.display) names.push(c.display);
  return names;
}
