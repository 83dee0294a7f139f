/**
 * Who may record a decision: only a practitioner user. A patient (or a related person) launching the
 * app sees the assessment read-only, and so does a user the EHR did not name: provenance needs the
 * author, and an anonymous write cannot be traced to a clinician.
 */
export type WriterRole = { canWrite: true; fhirUser: string } | { canWrite: false; why: string };

const PRACTITIONER = /(^|\/)(Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/;

/** `fhirUser` as fhirclient gives it (`Practitioner/123`), or as the id_token carries it (an absolute URL). */
export function writerRole(fhirUser: string | undefined): WriterRole {
  if (!fhirUser) {
    return {
      canWrite: false,
      why: 'The EHR did not say who is signed in, so AIH Navigator shows the assessment read-only: decisions are recorded only by a clinician signed in as a practitioner.',
    };
  }
  const match = PRACTITIONER.exec(fhirUser);
  if (!match) {
    return {
      canWrite: false,
      why: 'You are signed in as a patient or another non-clinician user, so AIH Navigator shows the assessment read-only: decisions are recorded only by a clinician signed in as a practitioner.',
    };
  }
  // The relative reference (`Practitioner/123`) is what `requester`/`author` carry.
  return { canWrite: true, fhirUser: match[0].replace(/^\//, '') };
}
