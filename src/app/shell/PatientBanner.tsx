/** Shown when the EHR asks for it (`need_patient_banner`): the app is not inside the EHR's own banner. */
import type { BannerData } from '../banner-data.js';

interface Props {
  banner: BannerData | undefined;
  /** The Patient read failed: "not recorded" would be a claim about the record the app cannot make. */
  unreadable?: boolean;
}

export function PatientBanner({ banner, unreadable = false }: Props) {
  // "Not recorded" only when the Patient was read and lacks the item.
  const absent = (what: string) => (banner ? what : unreadable ? 'could not be read' : 'not available');
  return (
    <section className="patient-banner" aria-label="Patient">
      <dl>
        <dt>Patient</dt>
        <dd>{banner?.name ?? (banner ? 'Name not recorded' : `Name ${absent('not recorded')}`)}</dd>
        <dt>Born</dt>
        <dd>{banner?.birthDate ?? absent('not recorded')}</dd>
        <dt>MRN</dt>
        <dd>{banner?.mrn ?? absent('not recorded')}</dd>
      </dl>
    </section>
  );
}
