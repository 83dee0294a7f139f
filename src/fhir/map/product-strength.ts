/**
 * The strength of one tablet or capsule as the product's name gives it ("azathioprine 50 MG Oral
 * Tablet", "AzaTHIOprine 50 mg tab"), so that a sig counting tablets gives a dose in mg.
 */

const STRENGTH = /(\d+(?:\.\d+)?)\s*(mg|mcg|µg|ug|g)\b(\s*\/)?/gi;
const MG_PER_UNIT: Record<string, number> = { mg: 1, mcg: 0.001, µg: 0.001, ug: 0.001, g: 1000 };

/**
 * The one strength in mg the names agree on; undefined when none is named, when they name several
 * (a combination or conflicting names), or when a strength is per volume (a liquid has no tablets).
 */
export function strengthFromNames(names: readonly string[]): number | undefined {
  const found = new Set<number>();
  for (const name of names) {
    for (const match of name.matchAll(STRENGTH)) {
      if (match[3]) return undefined; // "10 mg/mL"
      found.add(Number(match[1]) * (MG_PER_UNIT[match[2]!.toLowerCase()] ?? Number.NaN));
    }
  }
  const [only] = [...found];
  return found.size === 1 && only !== undefined && Number.isFinite(only) && only > 0 ? only : undefined;
}
