/** Shown when the EHR asks for it (`need_patient_banner`): the app is not inside the EHR's own banner. */
import type { BannerData } from '../banner-data.js';

export function PatientBanner({ banner }: { banner: BannerData | undefined }) {
  return (
    <section className="patient-banner" aria-label="Patient">
      <dl>
        <dt>Patient</dt>
        <dd>{banner?.name ?? 'Name not available'}</dd>
        <dt>Born</dt>
        <dd>{banner?.birthDate ?? 'not recorded'}</dd>
        <dt>MRN</dt>
        <dd>{banner?.mrn ?? 'not available'}</dd>
      </dl>
    </section>
  );
}
