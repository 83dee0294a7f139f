/**
 * Code systems some servers name by their HL7 OID rather than their FHIR URI (Epic and exports built
 * from C-CDA write `urn:oid:2.16.840.1.113883.6.90` for ICD-10-CM). Read at the boundary as the URI the
 * code tables use, so AIH, a lab, a drug or a transplant is recognised whichever way it is written.
 */
const URI_OF_OID: Readonly<Record<string, string>> = {
  'urn:oid:2.16.840.1.113883.6.1': 'http://loinc.org',
  'urn:oid:2.16.840.1.113883.6.88': 'http://www.nlm.nih.gov/research/umls/rxnorm',
  'urn:oid:2.16.840.1.113883.6.73': 'http://www.whocc.no/atc',
  'urn:oid:2.16.840.1.113883.6.96': 'http://snomed.info/sct',
  'urn:oid:2.16.840.1.113883.6.3': 'http://hl7.org/fhir/sid/icd-10',
  'urn:oid:2.16.840.1.113883.6.90': 'http://hl7.org/fhir/sid/icd-10-cm',
  'urn:oid:2.16.840.1.113883.6.4': 'http://www.cms.gov/Medicare/Coding/ICD10',
  'urn:oid:2.16.840.1.113883.6.12': 'http://www.ama-assn.org/go/cpt',
  'urn:oid:2.16.840.1.113883.6.8': 'http://unitsofmeasure.org',
};

/** The FHIR URI of a code system given by its OID; any other system unchanged. */
export function canonicalSystem(system: string): string {
  return system.startsWith('urn:oid:') ? (URI_OF_OID[system] ?? system) : system;
}
