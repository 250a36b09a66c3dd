/** One binary/markup file → text lines or sheets, by format (runs inside the extraction worker). */
import type { Format } from '../formats.js';
import type { IngestLimits } from '../limits.js';
import { extractDocx } from './docx.js';
import { extractHtml } from './html.js';
import { extractPdf } from './pdf.js';
import type { Extracted } from './types.js';
import { extractXlsx } from './xlsx.js';

export type ExtractFormat = Extract<Format, 'pdf' | 'html' | 'docx' | 'xlsx'>;
export const needsExtraction = (f: Format): f is ExtractFormat => f === 'pdf' || f === 'html' || f === 'docx' || f === 'xlsx';

export async function extract(format: ExtractFormat, bytes: Buffer, limits: IngestLimits): Promise<Extracted> {
  switch (format) {
    case 'pdf':
      return extractPdf(bytes, { maxPages: limits.maxPdfPages, deadline: Date.now() + limits.timeoutMs });
    case 'html':
      return extractHtml(bytes, limits.maxHtmlBytes);
    case 'docx':
      return extractDocx(bytes, limits.maxUnpackedBytes);
    case 'xlsx':
      return extractXlsx(bytes, limits.maxUnpackedBytes);
  }
}
