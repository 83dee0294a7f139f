/** OperationOutcome (a server's errors, warnings, "no results") → data-quality notes, never data. */
import { resourceParsers } from '../schemas/parsers.js';
import { NOTE, describeZodError, type NoteSink } from './notes.js';

export function mapOperationOutcome(raw: unknown, note: NoteSink): void {
  const parsed = resourceParsers.operationOutcome.safeParse(raw);
  if (!parsed.success) {
    note(NOTE.invalidResource, `Invalid OperationOutcome: ${describeZodError(parsed.error)}`);
    return;
  }
  for (const issue of parsed.data.issue) {
    const details = issue.details;
    const coded = details?.coding?.find((c) => c.code || c.display);
    const text = issue.diagnostics ?? details?.text ?? coded?.display ?? issue.code ?? 'no details';
    const code = coded?.code ? ` (${coded.code})` : '';
    note(NOTE.serverOutcome, `${issue.severity ?? 'issue'}${code}: ${text}`);
  }
}
