/**
 * Every FHIR request of the load, for whoever sets the app up at a site: status, time, pages, count.
 * Closed by default. URLs are shown with any patient id masked, even if a caller forgot to.
 */
import type { RequestLogLine } from '../view-types.js';

export function maskPatient(url: string): string {
  return url
    .replace(/([?&](?:patient|subject)=)(?:Patient\/)?[^&]+/g, '$1[patient]')
    .replace(/Patient\/[^/?&]+/g, 'Patient/[patient]');
}

export function Diagnostics({ log }: { log: readonly RequestLogLine[] }) {
  return (
    <details className="diagnostics">
      <summary>Diagnostics: {log.length} FHIR requests</summary>
      <div className="table-scroll">
        <table>
          <caption>FHIR requests of this assessment (no patient data)</caption>
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Time (ms)</th>
              <th scope="col">Pages</th>
              <th scope="col">Resources</th>
            </tr>
          </thead>
          <tbody>
            {log.map((entry, index) => (
              <tr key={`${index}-${entry.url}`}>
                <th scope="row">{entry.resourceType}</th>
                <td>
                  <code>{maskPatient(entry.url)}</code>
                  {entry.error ? <div className="error-text">{entry.error}</div> : null}
                </td>
                <td>{entry.status}</td>
                <td>{Math.round(entry.durationMs)}</td>
                <td>{entry.pages}</td>
                <td>{entry.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
