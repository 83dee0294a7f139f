/**
 * The order checks as data (docs/order-checks.md): id, severity, rule text and source. Ids never
 * change meaning; a changed rule gets a new id.
 */
import type { OrderCheckId, OrderCheckSeverity } from './types.js';

export interface OrderCheckEntry {
  severity: OrderCheckSeverity;
  title: string;
  rule: string;
  source: { label: string; url?: string };
}

const EASL_2025 = 'https://doi.org/10.1016/j.jhep.2025.03.017';

export const ORDER_CHECKS: Readonly<Record<OrderCheckId, OrderCheckEntry>> = {
  'allopurinol-with-full-dose-azathioprine': {
    severity: 'critical',
    title: 'Allopurinol with full-dose azathioprine',
    rule:
      'A draft allopurinol while azathioprine is current, unless the same orders replace azathioprine with ' +
      '≤ 33 % of the current daily dose, or the current dose is already ≤ 0.5 mg/kg/day.',
    source: {
      label:
        'EASL-2025 (allopurinol with azathioprine at 25 % of the dose); azathioprine prescribing information',
      url: EASL_2025,
    },
  },
  'azathioprine-increase-on-allopurinol': {
    severity: 'critical',
    title: 'Azathioprine dose increase on allopurinol',
    rule: 'A draft azathioprine daily dose above the current one while allopurinol is current.',
    source: { label: 'EASL-2025; rules v2 §6 (not already optimised)', url: EASL_2025 },
  },
  'mmf-or-allopurinol-in-pregnancy': {
    severity: 'critical',
    title: 'Mycophenolate or allopurinol in pregnancy',
    rule: 'A draft mycophenolate or allopurinol with the pregnancy safety flag.',
    source: { label: 'EASL-2025; mycophenolate boxed warning', url: EASL_2025 },
  },
  'mmf-without-contraception-counselling': {
    severity: 'warning',
    title: 'Mycophenolate: contraception counselling',
    rule: 'A draft mycophenolate with the reproductive-potential safety flag and no recorded contraception counselling.',
    source: { label: 'Mycophenolate boxed warning; Efe-2017' },
  },
  'budesonide-with-cirrhosis': {
    severity: 'warning',
    title: 'Budesonide with cirrhosis or portal hypertension',
    rule: 'A draft budesonide with the cirrhosis safety flag (cirrhosis or portal hypertension).',
    source: { label: 'EASL-2025; BavenPronk-2022', url: EASL_2025 },
  },
  'thiopurine-or-mmf-with-leukopenia': {
    severity: 'warning',
    title: 'Thiopurine or mycophenolate with leukopenia',
    rule: 'A draft azathioprine, mercaptopurine, thioguanine or mycophenolate with the leukopenia safety flag.',
    source: { label: 'Design choice; Efe-2017 (leukopenia as the main MMF withdrawal cause)' },
  },
  'tacrolimus-with-egfr-below-60': {
    severity: 'warning',
    title: 'Tacrolimus with eGFR below 60',
    rule: 'A draft tacrolimus with the egfr-below-60 safety flag.',
    source: { label: 'TAILOR exclusion; Efe-2017 (renal failure as a withdrawal cause)' },
  },
  'drug-with-recorded-intolerance': {
    severity: 'warning',
    title: 'Drug with a recorded intolerance',
    rule: 'A draft drug whose ingredient has intolerance evidence (rules §5), actionable or not.',
    source: { label: 'AIH Navigator rules v2 §5' },
  },
  'reorder-of-failed-agent': {
    severity: 'info',
    title: 'Re-ordering an agent that failed',
    rule:
      'A draft second-line agent that already failed: the assessed second-line regimen with second-line ' +
      'failure, or an earlier period of it followed by another second- or third-line agent.',
    source: { label: 'BavenPronk-2022; EASL-2025', url: EASL_2025 },
  },
  'order-check-incomplete': {
    severity: 'warning',
    title: 'Order checks incomplete',
    rule:
      'Data a check needs for a drafted drug could not be obtained (prefetch or FHIR server), or a draft ' +
      'could not be read: the card names what was not checked.',
    source: { label: 'AIH Navigator order checks' },
  },
};
