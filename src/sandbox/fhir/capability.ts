/**
 * The CapabilityStatement at /metadata. It states only what the handler really does: read and
 * search on the listed types; create (also conditional, `If-None-Exist: identifier=…`) on
 * MedicationRequest, ServiceRequest and DocumentReference; `transaction` Bundles of such creates;
 * SMART OAuth.
 */
import { SUPPORTED_TYPES, type SupportedType } from '../faults.js';

export const CREATABLE_TYPES: readonly SupportedType[] = [
  'MedicationRequest',
  'ServiceRequest',
  'DocumentReference',
];

/** Search parameters the in-memory server honours and apps of this project use. */
const SEARCH_PARAMS: Record<SupportedType, readonly [string, string][]> = {
  Patient: [['_id', 'token']],
  Observation: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['code', 'token'],
    ['category', 'token'],
    ['date', 'date'],
    ['status', 'token'],
  ],
  MedicationRequest: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['status', 'token'],
    ['intent', 'token'],
    ['authoredon', 'date'],
    ['identifier', 'token'],
  ],
  ServiceRequest: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['status', 'token'],
    ['identifier', 'token'],
  ],
  MedicationStatement: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['status', 'token'],
  ],
  Condition: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['code', 'token'],
    ['clinical-status', 'token'],
    ['category', 'token'],
  ],
  AllergyIntolerance: [
    ['patient', 'reference'],
    ['clinical-status', 'token'],
  ],
  Procedure: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['code', 'token'],
    ['status', 'token'],
    ['date', 'date'],
  ],
  Medication: [
    ['_id', 'token'],
    ['code', 'token'],
  ],
  DocumentReference: [
    ['patient', 'reference'],
    ['subject', 'reference'],
    ['type', 'token'],
    ['date', 'date'],
    ['identifier', 'token'],
  ],
};

export function capabilityStatement(fhirBase: string, origin: string, date: string): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    kind: 'instance',
    software: { name: 'AIH Navigator demo EHR (synthetic data)', version: '1' },
    implementation: { description: 'In-memory FHIR R4 server with SMART on FHIR', url: fhirBase },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: `${origin}/auth/authorize` },
                { url: 'token', valueUri: `${origin}/auth/token` },
              ],
            },
          ],
        },
        interaction: [{ code: 'transaction' }],
        resource: SUPPORTED_TYPES.map((type) => ({
          type,
          interaction: [
            { code: 'read' },
            { code: 'search-type' },
            ...(CREATABLE_TYPES.includes(type) ? [{ code: 'create' }] : []),
          ],
          ...(CREATABLE_TYPES.includes(type) ? { conditionalCreate: true } : {}),
          searchParam: SEARCH_PARAMS[type].map(([name, kind]) => ({ name, type: kind })),
        })),
      },
    ],
  };
}
