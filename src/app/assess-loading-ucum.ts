/**
 * The assessment with UCUM fetched only for a record that needs it (src/app/ucum-on-demand.ts). The
 * assessment is pure and takes milliseconds: when it reaches a unit that needs UCUM before the library
 * is there, load it and assess again from the start, so no value is ever judged without its conversion.
 */
import { assessWithValues } from '../core/assess.js';
import type { IsoDate, PatientRecord } from '../core/types.js';
import { loadUcum, UcumNotLoadedError } from './ucum-on-demand.js';

export async function assessLoadingUcum(
  record: PatientRecord,
  asOf: IsoDate,
): Promise<ReturnType<typeof assessWithValues>> {
  try {
    return assessWithValues(record, { asOf });
  } catch (error) {
    if (!(error instanceof UcumNotLoadedError)) throw error;
    await loadUcum();
    return assessWithValues(record, { asOf });
  }
}
