/**
 * Which patient ids the CLI accepts. Patients are told apart by their id alone, so an id must be one
 * a FHIR server could have written: the FHIR `id` rule (`[A-Za-z0-9\-.]{1,64}`), or the `urn:uuid:` /
 * `urn:oid:` of a Bundle entry whose Patient has no id yet. Both are ASCII, so invalid UTF-8 (decoded to
 * U+FFFD, which would make `pat\xff` and `pat\xfe` one patient), empty and whitespace ids, NUL and
 * bidirectional overrides are all refused: the line is reported, never merged into another patient.
 */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const BUNDLE_URN = /^urn:(uuid:[0-9A-Fa-f-]{36}|oid:[0-2](\.[0-9]+)+)$/;

export function isAcceptablePatientId(id: string): boolean {
  return FHIR_ID.test(id) || BUNDLE_URN.test(id);
}
