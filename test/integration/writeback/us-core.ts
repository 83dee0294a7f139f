/**
 * US Core must-support elements (US Core 6.1) the written resources fill: what a receiving EHR expects
 * to find. `occurrence[x]` of ServiceRequest is left out on purpose: the app proposes no date.
 */
const MUST_SUPPORT: Record<string, string[]> = {
  MedicationRequest: [
    'status',
    'intent',
    'medicationCodeableConcept',
    'subject',
    'authoredOn',
    'requester',
    'dosageInstruction.0.text',
    'reasonCode',
  ],
  ServiceRequest: ['status', 'intent', 'category', 'code', 'subject', 'authoredOn', 'requester'],
  DocumentReference: [
    'identifier',
    'status',
    'type',
    'category',
    'subject',
    'date',
    'author',
    'content.0.attachment.contentType',
    'content.0.attachment.data',
    'content.0.format',
    'context.period',
  ],
};

function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

export function missingMustSupports(resource: Record<string, unknown>): string[] {
  const paths = MUST_SUPPORT[String(resource.resourceType)] ?? ['(unknown type)'];
  return paths.filter((path) => {
    const value = at(resource, path);
    return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
  });
}
