/** Word .docx → paragraphs and tables (mammoth's HTML, read as lines; table rows as tab-separated cells). */
import mammoth from 'mammoth';
import { htmlToLines } from './htmlLines.js';
import { checkPackage } from './zipGuard.js';
import { SkipFile, type ExtractedText } from './types.js';

export async function extractDocx(bytes: Buffer, maxUnpackedBytes: number): Promise<ExtractedText> {
  checkPackage(bytes, 'docx', maxUnpackedBytes);
  const { value } = await mammoth.convertToHtml({ buffer: bytes });
  const lines = htmlToLines(value);
  if (!lines.join('').trim()) throw new SkipFile('the document holds no text');
  return { kind: 'text', lines, notes: [] };
}
