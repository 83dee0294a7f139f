/**
 * SMART `smart_style_url`: the EHR's colours and fonts, applied as CSS custom properties. Only known keys,
 * only plain values (no `;`, braces or url()), so a style file cannot inject anything else.
 */
import { z } from '../zod.js';

const safeValue = z
  .string()
  .check(z.maxLength(200))
  .check(z.regex(/^[^;{}<>]*$/))
  .check(z.refine((value) => !/url\s*\(/i.test(value)));

const STYLE_KEYS = [
  'color_background',
  'color_error',
  'color_highlight',
  'color_modal_backdrop',
  'color_success',
  'color_text',
  'dim_border_radius',
  'dim_font_size',
  'dim_spacing_size',
  'font_family_body',
  'font_family_heading',
] as const;

const styleObject = z.record(z.string(), z.unknown());

/** `color_background` → `--smart-color-background`; an unsafe value drops only its own key. */
export function styleProperties(json: unknown): [string, string][] {
  const parsed = styleObject.safeParse(json);
  if (!parsed.success) return [];
  return STYLE_KEYS.flatMap((key) => {
    const value = safeValue.safeParse(parsed.data[key]);
    return value.success ? [[`--smart-${key.replaceAll('_', '-')}`, value.data] as [string, string]] : [];
  });
}

export async function applySmartStyle(
  url: string,
  target: HTMLElement,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  try {
    const response = await fetchImpl(url, { credentials: 'omit' });
    if (!response.ok) return;
    for (const [property, value] of styleProperties(await response.json()))
      target.style.setProperty(property, value);
  } catch {
    // The EHR's styling is a nicety: the app keeps its own look when it cannot be read.
  }
}
