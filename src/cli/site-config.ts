/**
 * The `--site-config` file: a site's default ULNs (clinical-rules.md §2) and its local lab codes
 * (`system|code` → analyte). Strict on purpose: a misspelt key would otherwise silently fall back to
 * the defaults and change classifications.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SiteCodeMap } from '../core/codes.js';
import type { AnalyteId, SiteConfig } from '../core/types.js';

const ANALYTE_IDS = [
  'alt',
  'ast',
  'igg',
  'egfr',
  'inr',
  'wbc',
  'tgn6',
  'mmp6',
  'tacrolimus-trough',
  'weight',
] as const satisfies readonly AnalyteId[];

const positive = z.number().positive().finite();

const siteConfigFileSchema = z.strictObject({
  defaultUln: z
    .strictObject({ altMale: positive, altFemale: positive, ast: positive, igg: positive })
    .optional(),
  siteCodes: z
    .record(z.string().regex(/^[^|]+\|[^|]+$/, 'a site code is written "system|code"'), z.enum(ANALYTE_IDS))
    .optional(),
});

export interface SiteSettings {
  site: Partial<SiteConfig>;
  siteCodes: SiteCodeMap;
}

export type SiteConfigResult = { ok: true; settings: SiteSettings } | { ok: false; message: string };

export function parseSiteConfig(text: string, file: string): SiteConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${file}: not valid JSON (${errorMessage(error)})` };
  }
  const parsed = siteConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue);
    return { ok: false, message: `${file}: invalid site configuration: ${issues.join('; ')}` };
  }
  const site: Partial<SiteConfig> = parsed.data.defaultUln ? { defaultUln: parsed.data.defaultUln } : {};
  return { ok: true, settings: { site, siteCodes: parsed.data.siteCodes ?? {} } };
}

export async function loadSiteConfig(file: string | undefined): Promise<SiteConfigResult> {
  if (file === undefined) return { ok: true, settings: { site: {}, siteCodes: {} } };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, message: `${file}: cannot read the site configuration (${errorMessage(error)})` };
  }
  return parseSiteConfig(text, file);
}

/** `path: message`; a bad record key says why (zod nests the reason inside the key issue). */
function describeIssue(issue: z.core.$ZodIssue): string {
  const nested = issue.code === 'invalid_key' ? issue.issues.map((inner) => inner.message) : [];
  const message = nested.length > 0 ? `${issue.message}: ${nested.join('; ')}` : issue.message;
  return `${issue.path.join('.') || '(top)'}: ${message}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
