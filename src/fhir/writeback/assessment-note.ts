/**
 * The chart note in the format the EHR takes: plain text (copy into the chart), HTML, or XHTML
 * (Oracle Health accepts only XHTML documents). Everything from the record is escaped.
 */
import type { Assessment } from '../../core/types.js';
import type { Decision } from './decision.js';
import { noteContent, type NoteContent } from './note-content.js';

export type NoteFormat = 'html' | 'xhtml' | 'text';

export interface AssessmentNote {
  title: string;
  format: NoteFormat;
  /** MIME type with charset, as a FHIR Attachment.contentType. */
  contentType: string;
  /** The document in its format. */
  body: string;
  /** The same note as plain text: what the app shows as "written" and offers to copy. */
  text: string;
}

const CONTENT_TYPE: Record<NoteFormat, string> = {
  html: 'text/html;charset=utf-8',
  xhtml: 'application/xhtml+xml;charset=utf-8',
  text: 'text/plain;charset=utf-8',
};

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderText(content: NoteContent): string {
  const parts = [content.title, ''];
  for (const section of content.sections) {
    parts.push(section.heading, ...section.lines.map((line) => `- ${line}`), '');
  }
  return parts.join('\n').trimEnd() + '\n';
}

function renderMarkup(content: NoteContent, format: 'html' | 'xhtml'): string {
  const title = escapeXml(content.title);
  const body = content.sections
    .map((section) => {
      const items = section.lines.map((line) => `<li>${escapeXml(line)}</li>`).join('');
      return `<h2>${escapeXml(section.heading)}</h2><ul>${items}</ul>`;
    })
    .join('\n');
  const head = `<head><meta charset="utf-8"${format === 'xhtml' ? ' /' : ''}><title>${title}</title></head>`;
  const open =
    format === 'xhtml'
      ? '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">'
      : '<!DOCTYPE html>\n<html lang="en">';
  return `${open}${head}<body><h1>${title}</h1>\n${body}\n</body></html>\n`;
}

export function buildAssessmentNote(
  assessment: Assessment,
  decision: Decision,
  options: { patientId: string; authorDisplay?: string; format: NoteFormat },
): AssessmentNote {
  const content = noteContent(assessment, decision, options.authorDisplay);
  const text = renderText(content);
  const body = options.format === 'text' ? text : renderMarkup(content, options.format);
  return {
    title: content.title,
    format: options.format,
    contentType: CONTENT_TYPE[options.format],
    body,
    text,
  };
}
