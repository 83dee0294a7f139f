/**
 * The patient banner's facts (name, birth date, MRN) from the Patient resource the loader read. Parsed
 * with its own small schema: the banner only needs these three things and tolerates everything else.
 */
import { z } from 'zod';

const humanName = z.looseObject({
  use: z.string().optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
});

const identifier = z.looseObject({
  value: z.string().optional(),
  type: z
    .looseObject({
      text: z.string().optional(),
      coding: z.array(z.looseObject({ code: z.string().optional() })).optional(),
    })
    .optional(),
});

const bannerPatient = z.looseObject({
  resourceType: z.literal('Patient'),
  name: z.array(humanName).optional(),
  birthDate: z.string().optional(),
  identifier: z.array(identifier).optional(),
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
