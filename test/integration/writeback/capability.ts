/** A CapabilityStatement with chosen creates, conditional creates and transaction support (Epic-, Oracle- or generic-shaped by `software`). */
export function capabilityWith(options: {
  creates: string[];
  conditional?: string[];
  transaction?: boolean;
  software?: string;
}): Record<string, unknown> {
  const types = ['Patient', 'Observation', 'MedicationRequest', 'ServiceRequest', 'DocumentReference'];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    software: { name: options.software ?? 'Generic FHIR' },
    rest: [
      {
        mode: 'server',
        ...(options.transaction ? { interaction: [{ code: 'transaction' }] } : {}),
        resource: types.map((type) => ({
          type,
          interaction: [
            { code: 'read' },
            { code: 'search-type' },
            ...(options.creates.includes(type) ? [{ code: 'create' }] : []),
          ],
          ...(options.conditional?.includes(type) ? { conditionalCreate: true } : {}),
          searchParam: [{ name: 'identifier', type: 'token' }],
        })),
      },
    ],
  };
}
