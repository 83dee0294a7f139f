/**
 * Exit codes and the help text of `aih-navigator`. The exit codes are part of the command's contract
 * (scripts branch on them); docs/cli.md lists the same table.
 */

export const EXIT = {
  /** Every input line was read and every patient assessed. */
  ok: 0,
  /** Some input lines or files could not be read; the output for everything else was still written. */
  invalidInput: 1,
  /** The command line itself is wrong (unknown option, bad date, unreadable site configuration …). */
  usage: 2,
  /** Nothing could be read: no input file exists, is readable, or holds a FHIR resource. */
  noInput: 3,
  /** `export`: the Bulk Data export could not be completed (refused, failed, interrupted); run again to resume. */
  exportFailed: 4,
  /** A fault in the program itself (EX_SOFTWARE). */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const HELP_TEXT = `Usage:
  aih-navigator classify [options] PATH...
  aih-navigator export [options]           pull a Bulk Data export and classify it (see export --help)
  aih-navigator merge SHARD_OUTPUT...      combine the outputs of classify --shard runs
  aih-navigator serve-cds [options]        run the CDS Hooks service (see serve-cds --help)
  aih-navigator --help | --version

classify: screens FHIR data offline and writes one result per patient, sorted by patient id.
  PATH is a FHIR Bundle (.json: collection, searchset, transaction, or a single resource),
  an NDJSON file (.ndjson or .jsonl: one resource per line, any types, many patients),
  or a directory of NDJSON files as written by a Bulk Data $export (Patient.ndjson,
  Observation.ndjson, Medication.ndjson …). Medication references are resolved across files.

Options:
  --as-of YYYY-MM-DD     the date the assessment is made for (default: today)
  --format ndjson|csv    ndjson (default): one assessment object per line;
                         csv: a worklist (patient, response, qualifiers, top suggestion, safety flags)
  --site-config FILE     JSON with the site's default ULNs and local lab codes:
                         {"defaultUln": {"altMale": 59, "altFemale": 41, "ast": 34, "igg": 16},
                          "siteCodes": {"http://lab.example.org/codes|ALT-1": "alt"}}
  -j, --jobs N           worker threads (default: one for small input, else one per CPU, at most 4);
                         the output is the same for any N
  --shard INDEX/COUNT    assess only shard INDEX (0 to COUNT-1) of the patients, by a hash of their id,
                         so COUNT runs (e.g. a Kubernetes Indexed Job) share the work; combine their
                         outputs with 'aih-navigator merge'
  --memory-budget MB     memory the run may use (default 512, at least 64): a cohort that would need
                         more is partitioned by patient into temporary files (in TMPDIR, private to
                         the user, removed at the end, on error and on Ctrl-C) and classified one
                         partition at a time; the output is the same
  -h, --help             show this help
  -v, --version          show the program and rules version

Invalid input lines are skipped and reported on stderr as FILE:LINE: reason; the rest is still assessed.
A progress line is shown on stderr when stderr is a terminal.

Exit codes:
  ${EXIT.ok}   ok
  ${EXIT.invalidInput}   some input lines or files were invalid or unreadable (output still written)
  ${EXIT.usage}   usage error (unknown option, bad --as-of, bad --format, invalid --site-config)
  ${EXIT.noInput}   no readable input
  ${EXIT.internal}  internal error
`;
