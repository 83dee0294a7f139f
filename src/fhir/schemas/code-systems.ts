/**
 * Code systems written in other forms than the FHIR URI the code tables use, read at the boundary as
 * that URI so that AIH, a lab, a drug or a transplant is recognised whichever way it is written:
 * - the HL7 OID (Epic and exports built from C-CDA write `urn:oid:2.16.840.1.113883.6.90` for ICD-10-CM);
 * - the HL7 v2 name (table 0396), as feeds converted from v2 messages keep it: `LN` for LOINC;
 * - the URI with a trailing slash (`http://loinc.org/`).
 * Any other system (an EHR's local codes) is left as it is.
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

/**
 * HL7 v2 names, only those whose meaning is certain. `I9` (ICD-9) is deliberately absent: nothing here
 * matches ICD-9, and a guessed mapping could read an ICD-9 code as an ICD-10 one.
 */
const URI_OF_V2_NAME: Readonly<Record<string, string>> = {
  LN: 'http://loinc.org',
  SCT: 'http://snomed.info/sct',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  I10: 'http://hl7.org/fhir/sid/icd-10',
};

/** Every variant → its URI, in one map: this runs for every coding of every resource. */
const URI_OF_VARIANT: ReadonlyMap<string, string> = new Map([
  ...Object.entries(URI_OF_OID),
  ...Object.entries(URI_OF_V2_NAME),
  ...[...new Set(Object.values(URI_OF_OID))].map((uri) => [`${uri}/`, uri] as const),
]);

/** The FHIR URI of a code system written as an OID, a v2 name or with a trailing slash; any other unchanged. */
export function canonicalSystem(system: string): string {
  return URI_OF_VARIANT.get(system) ?? system;
}
