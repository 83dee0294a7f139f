/**
 * Load → map → assess → normalise for the chart. Imported lazily: it pulls in the clinical core, which
 * the first screen (launch, loading state) does not need. UCUM's tables come later still, and only for a
 * record with a unit to convert.
 */
import type { IsoDate } from '../core/types.js';
import { loadPatientResources } from '../fhir/load/index.js';
import { mapPatientResources } from '../fhir/map.js';
import { assessLoadingUcum } from './assess-loading-ucum.js';
import { bannerDataOf } from './banner-data.js';
import type { AppSession } from './session.js';
import type { AssessmentView } from './view-types.js';

export async function runAssessment(
  session: AppSession,
  asOf: IsoDate,
  signal?: AbortSignal,
): Promise<AssessmentView> {
  const load = await loadPatientResources(session.fhir, session.patientId, {
    ehr: session.ehr,
    ...(session.fhirBaseUrl !== undefined ? { fhirBaseUrl: session.fhirBaseUrl } : {}),
    ...(signal ? { signal } : {}),
  });
  const record = mapPatientResources(load.resources, { patientId: session.patientId, gaps: load.gaps });
  const { assessment, values } = await assessLoadingUcum(record, asOf);
  const banner = bannerDataOf(load.resources);
  return {
    assessment,
    values,
    medications: record.medications,
    notes: load.notes,
    gaps: record.gaps,
    log: load.log,
    ...(banner ? { banner } : {}),
  };
}
