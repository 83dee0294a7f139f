/**
 * A panel Observation (e.g. LOINC 24325-3, hepatic function panel) that carries ALT, AST or IgG as a
 * `component` instead of as Observations of their own. Components are not read as values (§1 reads
 * Observations), but such a result must not be lost without a word: the first deciding analyte among the
 * components is named, so the mapper notes it and lists it as an unread result. Read leniently: the
 * component is looked at only for its code.
 */
import { matchAnalyte, type SiteCodeMap } from '../../core/codes.js';
import { isDecidingAnalyte } from '../../core/normalise.js';
import type { DecidingAnalyte } from '../../core/types.js';
import { lenientCodings } from './lenient-codings.js';

export function decidingComponent(raw: unknown, siteCodes: SiteCodeMap): DecidingAnalyte | undefined {
  const components = (raw as { component?: unknown } | null)?.component;
  if (!Array.isArray(components)) return undefined;
  for (const component of components) {
    const code = (component as { code?: unknown } | null)?.code;
    if (typeof code !== 'object' || code === null) continue;
    const { coding, text } = code as { coding?: unknown; text?: unknown };
    const codings = lenientCodings(coding);
    const analyte = matchAnalyte(codings, typeof text === 'string' ? text : undefined, siteCodes)?.analyte;
    if (analyte !== undefined && isDecidingAnalyte(analyte)) return analyte;
  }
  return undefined;
}
