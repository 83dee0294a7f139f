/** The page for someone who opened the app directly: how to launch it. */
export function NotLaunched() {
  return (
    <main className="not-launched">
      <h1>AIH Navigator</h1>
      <p>
        AIH Navigator helps hepatologists decide on second-line treatment when first-line therapy of
        autoimmune hepatitis fails. It needs a patient from the EHR, so it cannot be opened on its own.
      </p>
      <h2>How to start it</h2>
      <ul>
        <li>
          <strong>From the EHR:</strong> open the patient&apos;s chart and choose AIH Navigator from the app
          or activity list (Epic, Oracle Health).
        </li>
        <li>
          <strong>Standalone launch:</strong> open <code>launch/launch.html?iss=</code> followed by the
          address of your FHIR server; you will sign in and pick a patient.
        </li>
        <li>
          <strong>Demo:</strong> run <code>npm start</code> and open the demo EHR at{' '}
          <code>http://127.0.0.1:8090/</code>.
        </li>
      </ul>
    </main>
  );
}
