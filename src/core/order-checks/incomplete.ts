/**
 * What could not be checked (docs/order-checks.md `order-check-incomplete`): a check a drafted drug
 * calls for whose data could not be read completely (a load gap), and drafts that could not be read.
 * Silence would read as "nothing found"; this card says instead what was not looked at.
 */
import type { IngredientId } from '../types.js';
import type { OrderCheckInput } from './input.js';
import type { OrderCheckId, OrderFinding } from './types.js';

interface Need {
  check: OrderCheckId;
  /** What the check looks at, in the clinic's words. */
  what: string;
  drugs: readonly IngredientId[];
  resourceTypes: readonly string[];
}

const THIOPURINES_AND_MMF: readonly IngredientId[] = [
  'azathioprine',
  'mercaptopurine',
  'thioguanine',
  'mycophenolate',
];

const NEEDS: readonly Need[] = [
  {
    check: 'allopurinol-with-full-dose-azathioprine',
    what: 'current azathioprine dose',
    drugs: ['allopurinol'],
    resourceTypes: ['MedicationRequest'],
  },
  {
    check: 'azathioprine-increase-on-allopurinol',
    what: 'current allopurinol and azathioprine dose',
    drugs: ['azathioprine'],
    resourceTypes: ['MedicationRequest'],
  },
  {
    check: 'mmf-or-allopurinol-in-pregnancy',
    what: 'pregnancy',
    drugs: ['mycophenolate', 'allopurinol'],
    resourceTypes: ['Condition', 'Observation'],
  },
  {
    check: 'mmf-without-contraception-counselling',
    what: 'reproductive potential',
    drugs: ['mycophenolate'],
    resourceTypes: ['Patient'],
  },
  {
    check: 'budesonide-with-cirrhosis',
    what: 'cirrhosis',
    drugs: ['budesonide'],
    resourceTypes: ['Condition'],
  },
  {
    check: 'thiopurine-or-mmf-with-leukopenia',
    what: 'white cell count',
    drugs: THIOPURINES_AND_MMF,
    resourceTypes: ['Observation'],
  },
  {
    check: 'tacrolimus-with-egfr-below-60',
    what: 'eGFR',
    drugs: ['tacrolimus'],
    resourceTypes: ['Observation'],
  },
  {
    check: 'drug-with-recorded-intolerance',
    what: 'recorded intolerances',
    drugs: [],
    resourceTypes: ['AllergyIntolerance', 'MedicationRequest'],
  },
];

export function checkIncomplete(input: OrderCheckInput): OrderFinding[] {
  const missing = new Map(input.record.gaps.map((g) => [g.resourceType, g.reason]));
  const drafted = new Set(input.drafts.flatMap((d) => d.ingredients));
  const notChecked: string[] = [];
  const critical: string[] = [];
  for (const need of NEEDS) {
    const applies = need.drugs.length === 0 ? drafted.size > 0 : need.drugs.some((d) => drafted.has(d));
    const lacking = need.resourceTypes.filter((t) => missing.has(t));
    if (!applies || lacking.length === 0) continue;
    notChecked.push(`${need.what} (${lacking.join(', ')} could not be read: ${missing.get(lacking[0]!)})`);
    if (need.check === 'mmf-or-allopurinol-in-pregnancy' || need.check.includes('azathioprine'))
      critical.push(need.what);
  }
  const unreadable = input.unreadable.map((u) => `${u.ref}: ${u.reason}`);
  if (notChecked.length === 0 && unreadable.length === 0) return [];
  const head =
    critical.length > 0 ? `Not checked: ${critical.join(', ')}` : 'Some order checks could not run';
  return [
    {
      check: 'order-check-incomplete',
      severity: 'warning',
      summary: `${head}; the data could not be obtained. Check these yourself before signing`.slice(0, 139),
      reasons: [
        ...notChecked.map((n) => `Not checked: ${n}.`),
        ...unreadable.map((u) => `Draft not checked: ${u}.`),
      ],
      deciding: [],
    },
  ];
}
