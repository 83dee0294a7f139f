/**
 * The card detail in GitHub-flavoured Markdown (clinical-rules.md §8): the state with its rule and
 * source, the deciding observations with their ULN and its source, each recommendation with grade and
 * evidence (blocked ones with the flag that blocks them), safety flags and data-quality notes.
 * Text taken from the record is escaped; text from the rules and the catalogue is the project's own.
 */
import type { Assessment, EvidenceItem, RecommendationResult, UlnSource } from '../types.js';
import { comparatorText, day, escapeMarkdown, formatNumber, formatXUln } from './format.js';
import { ANALYTE_LABEL, FLAG_NAME, FLAG_TEXT, QUALIFIER_TEXT, roleLabel, STATE_LABEL } from './labels.js';
import { compareText } from '../compare-text.js';

type CardInput = Omit<Assessment, 'card'>;

/** Data-quality notes shown on the card; the app lists them all. */
export const MAX_DATA_QUALITY_NOTES = 5;

export function buildDetail(a: CardInput): string {
  const sections = [
    stateSection(a),
    observationSection(a),
    recommendationSection(a.recommendations),
    safetySection(a),
    intoleranceSection(a),
    missingSection(a.missing),
    dataQualitySection(a),
  ];
  return sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n');
}

function stateSection(a: CardInput): string[] {
  const e = a.explanation;
  const lines = [
    `**${STATE_LABEL[a.response]}** (rule \`${e.ruleId}\`${e.source ? `, ${escapeMarkdown(e.source)}` : ''}, as of ${day(a.asOf)})`,
  ];
  if (e.text) lines.push('', escapeMarkdown(e.text));
  const regimen = regimenLine(a);
  if (regimen) lines.push('', regimen);
  const qualifiers = a.qualifiers.map((q) => `- ${QUALIFIER_TEXT[q]}`);
  if (qualifiers.length > 0) lines.push('', ...qualifiers);
  return lines;
}

function regimenLine(a: CardInput): string | undefined {
  const e = a.explanation;
  if (e.regimen.length === 0) return undefined;
  const parts = [`Assessed regimen: ${e.regimen.join(' + ')}${a.line !== 'none' ? ` (${a.line} line)` : ''}`];
  if (e.tLine) parts.push(`started ${day(e.tLine)}`);
  if (e.sixMonthDate) parts.push(`6-month point ${day(e.sixMonthDate)}`);
  return `${parts.join(', ')}.`;
}

function observationSection(a: CardInput): string[] {
  const items = [...a.evidence];
  const baseline = a.explanation.baseline;
  if (baseline) items.unshift(baseline);
  if (items.length === 0) return [];
  return ['**Deciding observations**', ...byObservation(items).map(observationLine)];
}

/** One entry per observation with every reason it is part of the decision, in date order. */
function byObservation(items: readonly EvidenceItem[]): { item: EvidenceItem; roles: string[] }[] {
  const groups = new Map<string, { item: EvidenceItem; roles: string[] }>();
  for (const item of items) {
    const key = `${item.resource}|${item.analyte}|${item.date}`;
    const group = groups.get(key) ?? { item, roles: [] };
    if (!group.roles.includes(item.role)) group.roles.push(item.role);
    groups.set(key, group);
  }
  return [...groups.values()].sort((x, y) => compareText(x.item.date, y.item.date));
}

const ULN_SOURCE_TEXT: Readonly<Record<UlnSource, string>> = {
  lab: 'lab reference range',
  'lab-text': 'lab reference range text',
  default: '**default ULN**: the lab gave no reference range',
};

/** "- 2025-08-20 ALT 92 U/L, ULN 40 U/L (lab reference range) = 2.3×ULN: latest result (Observation/1)". */
function observationLine({ item, roles }: { item: EvidenceItem; roles: string[] }): string {
  const unit = escapeMarkdown(item.unit);
  const bound = escapeMarkdown(comparatorText(item.comparator));
  let text = `- ${day(item.date)} ${ANALYTE_LABEL[item.analyte]} ${bound}${formatNumber(item.value)} ${unit}`;
  if (item.uln !== undefined) {
    const source = item.ulnSource ? ` (${ULN_SOURCE_TEXT[item.ulnSource]})` : '';
    text += `, ULN ${formatNumber(item.uln)} ${unit}${source}`;
  }
  if (item.xUln !== undefined) text += ` = ${bound}${formatXUln(item.xUln)}`;
  const why = roles.map((r) => roleLabel(r) ?? escapeMarkdown(r)).join('; ');
  return `${text}: ${why} (${escapeMarkdown(item.resource)})`;
}

function recommendationSection(recommendations: readonly RecommendationResult[]): string[] {
  if (recommendations.length === 0) return [];
  return ['**Recommendations**', ...recommendations.flatMap((r, i) => recommendationLines(r, i + 1))];
}

function recommendationLines(r: RecommendationResult, n: number): string[] {
  const heading =
    r.status === 'blocked'
      ? `${n}. ~~${r.title}~~ **Not suggested: blocked by ${flagNames(r.blockedBy)}.** ${r.text}`
      : `${n}. **${r.title}.** ${r.text}`;
  const lines = [
    heading,
    `   - Grade: ${r.grade}`,
    `   - Evidence: ${r.evidence}`,
    `   - Source: ${r.source}`,
  ];
  if (r.warnings.length > 0) lines.push(`   - **Caution:** ${r.warnings.map((w) => FLAG_TEXT[w]).join(' ')}`);
  return lines;
}

function flagNames(flags: readonly string[]): string {
  const names = flags.map((f) => (f in FLAG_NAME ? FLAG_NAME[f as keyof typeof FLAG_NAME] : f));
  return names.length > 0 ? names.join(', ') : 'a safety flag';
}

function safetySection(a: CardInput): string[] {
  if (a.safetyFlags.length === 0) return [];
  return ['**Safety flags**', ...a.safetyFlags.map((f) => `- ${FLAG_TEXT[f]}`)];
}

function intoleranceSection(a: CardInput): string[] {
  if (a.intolerance.length === 0) return [];
  const lines = a.intolerance.map((i) =>
    a.actionableIntolerance.includes(i)
      ? `- ${i}: actionable (current regimen or stopped within 90 days)`
      : `- ${i}: history`,
  );
  return ['**Intolerance on record**', ...lines];
}

/** Words for the bare ids `missing` may hold; other entries already say what is missing. */
const MISSING_TEXT: ReadonlyMap<string, string> = new Map([
  [
    'azathioprine-dose',
    'azathioprine-dose: the current azathioprine daily dose (a current order carries no dose that could be read)',
  ],
]);

function missingSection(missing: readonly string[]): string[] {
  if (missing.length === 0) return [];
  return ['**Missing to decide**', ...missing.map((m) => `- ${escapeMarkdown(MISSING_TEXT.get(m) ?? m)}`)];
}

function dataQualitySection(a: CardInput): string[] {
  const notes = a.dataQuality;
  if (notes.length === 0) return [];
  const shown = notes.slice(0, MAX_DATA_QUALITY_NOTES).map((note) => {
    const where = note.resource ? `, ${escapeMarkdown(note.resource)}` : '';
    return `- ${escapeMarkdown(note.message)} (\`${note.code.replace(/`/g, "'")}\`${where})`;
  });
  const rest = notes.length - shown.length;
  if (rest > 0) shown.push(`- and ${rest} more (all notes are listed in AIH Navigator)`);
  return [`**Data quality** (${notes.length} note${notes.length === 1 ? '' : 's'})`, ...shown];
}
