/**
 * How an accepted suggestion can be recorded at this EHR (ehr-notes.md §Writing back): a draft
 * MedicationRequest where the server allows one, else a clinical note (DocumentReference), else text
 * the clinician copies into the chart.
 */
import { parseCapabilities, supportsInteraction } from '../capabilities.js';
import { canCreate } from './scopes.js';

export type WritebackMode = 'medication-request' | 'document-reference' | 'copy-text';

/**
 * An override orders nothing, so it is recorded as a note where one can be written, whatever the
 * server allows for orders.
 */
export function chooseWritebackMode(
  capabilityStatement: unknown,
  grantedScopes: string,
  decision: 'accept' | 'override' = 'accept',
): WritebackMode {
  const capabilities = parseCapabilities(capabilityStatement);
  const allowed = (type: string): boolean =>
    supportsInteraction(capabilities, type, 'create') && canCreate(grantedScopes, type);
  // Oracle's MedicationRequest create documents a reported home medication; it cannot hold a proposal.
  if (decision === 'accept' && capabilities?.vendor !== 'oracle' && allowed('MedicationRequest'))
    return 'medication-request';
  if (allowed('DocumentReference')) return 'document-reference';
  return 'copy-text';
}
