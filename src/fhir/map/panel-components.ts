/**
 * A panel Observation (e.g. LOINC 24325-3, hepatic function panel) that carries ALT, AST or IgG as a
 * `component` instead of as Observations of their own. Components are not read as values (§1 reads
 * Observations), but such a result must not be lost without a word: the first deciding analyte among the
 * components is named, so the mapper notes it and lists it as an unread result. Read leniently: the
 * component is looked at only for its code.
 */
import { matchAnalyte, type SiteCodeMap } from '../../core/codes.js';
import { canonicalSystem } from '../schemas/code-systems.js';

export type DecidingAnalyte = 'alt' | 'ast' | 'igg';

export function decidingComponent(raw: unknown, siteCodes: SiteCodeMap): DecidingAnalyte | undefined {
  const components = (raw as { component?: unknown } | null)?.component;
  if (!Array.isArray(components)) return undefined;
  for (const component of components) {
    const code = (component as { code?: unknown } | null)?.code;
    if (typeof code !== 'object' || code === null) continue;
    const { coding, text } = code as { coding?: unknown; text?: unknown };
    const codings = (Array.isArray(coding) ? coding : []).flatMap((c: unknown) => {
      if (typeof c !== 'object' || c === null) return [];
      const { system, code: value } = c as { system?: unknown; code?: unknown };
      return [
        {
          system: typeof system === 'string' ? canonicalSystem(system) : undefined,
          code: typeof value === 'string' ? value.trim() : undefined,
        },
      ];
    });
    const analyte = matchAnalyte(codings, typeof text === 'string' ? text : undefined, siteCodes)?.analyte;
    if (analyte === 'alt' || analyte === 'ast' || analyte === 'igg') return analyte;
  }
  return undefined;
}
