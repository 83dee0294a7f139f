/**
 * The demo EHR's synthetic patients (all fictional, named "Testpatient"), generated relative to
 * the start date so the demo stays current.
 */
import { quirin, rosa, sven, tilda, ulla } from './as-recorded.js';
import { clockFrom } from './dates.js';
import { ada, lars, nils, olga } from './insufficient-response.js';
import { kirsi, mira, pavel } from './intolerance.js';
import { hugo, ines, jonas } from './outside-rules.js';
import { bruno, cleo, dario, elin, farid, greta } from './response-states.js';
import type { SyntheticPatient } from './types.js';

const GENERATORS = [
  ada,
  bruno,
  cleo,
  dario,
  elin,
  farid,
  greta,
  hugo,
  ines,
  jonas,
  kirsi,
  lars,
  mira,
  nils,
  olga,
  pavel,
  quirin,
  rosa,
  sven,
  tilda,
  ulla,
];

export function syntheticPatients(today: string): SyntheticPatient[] {
  const clock = clockFrom(today);
  return GENERATORS.map((generate) => generate(clock));
}

export type { SyntheticPatient } from './types.js';
