/**
 * The patient banner's facts (name, birth date, MRN) from the Patient resource the loader read. Parsed
 * with its own small schema: the banner only needs these three things and tolerates everything else.
 */
import { z } from '../zod.js';

const humanName = z.looseObject({
  use: z.optional(z.string()),
  text: z.optional(z.string()),
  family: z.optional(z.string()),
  given: z.optional(z.array(z.string())),
});

const identifier = z.looseObject({
  value: z.optional(z.string()),
  type: z.optional(
    z.looseObject({
      text: z.optional(z.string()),
      coding: z.optional(z.array(z.looseObject({ code: z.optional(z.string()) }))),
    }),
  ),
});

const bannerPatient = z.looseObject({
  resourceType: z.literal('Patient'),
  name: z.optional(z.array(humanName)),
  birthDate: z.optional(z.string()),
  identifier: z.optional(z.array(identifier)),
});

export interface BannerData {
  name?: string;
  birthDate?: string;
  mrn?: string;
}

function nameText(names: z.infer<typeof humanName>[] | undefined): string | undefined {
  const name = names?.find((candidate) => candidate.use === 'official') ?? names?.[0];
  if (!name) return undefined;
  if (name.text) return name.text;
  const text = [name.family, (name.given ?? []).join(' ')].filter(Boolean).join(', ');
  return text || undefined;
}

function mrnOf(identifiers: z.infer<typeof identifier>[] | undefined): string | undefined {
  const isMrn = (entry: z.infer<typeof identifier>) =>
    entry.type?.coding?.some((coding) => coding.code === 'MR') === true ||
    /\bMRN\b|medical record/i.test(entry.type?.text ?? '');
  return identifiers?.find(isMrn)?.value;
}

export function bannerDataOf(resources: readonly unknown[]): BannerData | undefined {
  for (const resource of resources) {
    const parsed = bannerPatient.safeParse(resource);
    if (!parsed.success) continue;
    const { name, birthDate, identifier: identifiers } = parsed.data;
    const banner: BannerData = {};
    const text = nameText(name);
    const mrn = mrnOf(identifiers);
    if (text) banner.name = text;
    if (birthDate) banner.birthDate = birthDate;
    if (mrn) banner.mrn = mrn;
    return banner;
  }
  return undefined;
}
