/** Patient → administrative gender and birth date. */
import type { PatientRecord } from '../../core/types.js';
import { resourceParsers } from '../schemas/parsers.js';
import { fullDate } from './dates.js';
import { NOTE, describeZodError, type NoteSink } from './notes.js';

const GENDERS = new Set(['male', 'female', 'other', 'unknown']);

export type PatientDemographics = Pick<PatientRecord, 'gender' | 'birthDate'>;

export function mapPatient(raw: unknown, note: NoteSink): PatientDemographics | undefined {
  const parsed = resourceParsers.patient.safeParse(raw);
  if (!parsed.success) {
    note(NOTE.invalidResource, `Invalid Patient: ${describeZodError(parsed.error)}`);
    return undefined;
  }
  const result: PatientDemographics = {};
  const { gender } = parsed.data;
  if (gender !== undefined) {
    if (GENDERS.has(gender)) result.gender = gender as NonNullable<PatientDemographics['gender']>;
    else
      note(NOTE.invalidResource, `Patient gender "${gender.slice(0, 20)}" is not an administrative gender`);
  }
  const birthDate = fullDate(parsed.data.birthDate, 'birthDate', note);
  if (birthDate) result.birthDate = birthDate;
  return result;
}
