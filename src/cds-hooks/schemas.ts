/**
 * What the CDS client may send (CDS Hooks 2.0): the `patient-view` service request and feedback.
 * Every body is parsed here before anything else reads it; unknown fields are ignored.
 */
import { z } from 'zod';

/** A FHIR logical id (R4 `id` datatype); it is placed into search URLs, so it is checked strictly. */
export const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id');

// Only the token is used; the other fields the specification lists are checked when present
// but not demanded, so a client that leaves one out still gets an answer.
const fhirAuthorizationSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, 'must be Bearer'),
  expires_in: z.number().nonnegative().optional(),
  scope: z.string().optional(),
  subject: z.string().optional(),
  patient: z.string().optional(),
});

const patientViewRequestFields = z.object({
  hook: z.literal('patient-view'),
  hookInstance: z.string().min(1),
  fhirServer: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'must be an http(s) URL')
    .optional(),
  fhirAuthorization: fhirAuthorizationSchema.optional(),
  context: z.object({
    userId: z.string().min(1),
    // Both the plain id and the `Patient/{id}` form appear in the wild; the id is kept.
    patientId: z
      .string()
      .transform((value) => value.replace(/^Patient\//, ''))
      .pipe(fhirId),
    encounterId: z.string().optional(),
  }),
  /** key → resource or Bundle; `null` means the client tried and could not get it. */
  prefetch: z.record(z.string(), z.unknown()).optional(),
});

/** The request fields that decide what may be read with the EHR's token. */
interface AuthorisedRequest {
  fhirServer?: string | undefined;
  fhirAuthorization?: { patient?: string | undefined } | undefined;
  context: { patientId: string };
}

/** The rules on `fhirServer` and `fhirAuthorization` that every hook's request obeys. */
export function withAuthorisationChecks<S extends z.ZodType<AuthorisedRequest>>(schema: S): S {
  return (
    schema
      .refine((request) => !request.fhirAuthorization || request.fhirServer, {
        message: 'fhirServer is required when fhirAuthorization is given',
        path: ['fhirServer'],
      })
      // A token issued for another patient must never be used to read this one.
      .refine(
        (request) =>
          request.fhirAuthorization?.patient === undefined ||
          request.fhirAuthorization.patient.replace(/^Patient\//, '') === request.context.patientId,
        {
          message: 'fhirAuthorization.patient is not context.patientId',
          path: ['fhirAuthorization', 'patient'],
        },
      )
  );
}

export const patientViewRequestSchema = withAuthorisationChecks(patientViewRequestFields);

export type PatientViewRequest = z.infer<typeof patientViewRequestSchema>;

const codingSchema = z.object({
  system: z.string().optional(),
  code: z.string().min(1),
  display: z.string().optional(),
});

// acceptedSuggestions is "conditional" in the specification; a client that omits it on an
// accepted card is still heard (the record then lists no suggestion).
const feedbackItemSchema = z.object({
  card: z.string().min(1),
  outcome: z.enum(['accepted', 'overridden']),
  acceptedSuggestions: z.array(z.object({ id: z.string().min(1) })).optional(),
  overrideReason: z
    .object({
      reason: codingSchema.optional(),
      userComment: z.string().optional(),
    })
    .optional(),
  outcomeTimestamp: z.iso.datetime({ offset: true }),
});

export const feedbackRequestSchema = z.object({
  feedback: z.array(feedbackItemSchema).min(1).max(100),
});

export type FeedbackItem = z.infer<typeof feedbackItemSchema>;

/** A readable list of where a body failed its schema, without echoing any submitted value. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
