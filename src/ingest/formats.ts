/** Which corpus formats are read, told by the extension and checked against the file's first bytes. */
import { extname } from 'node:path';

export const FORMATS = ['text', 'csv', 'tsv', 'xlsx', 'pdf', 'html', 'docx'] as const;
export type Format = (typeof FORMATS)[number];

export const FORMAT_LABEL: Record<Format, string> = {
  text: 'text',
  csv: 'CSV register',
  tsv: 'TSV register',
  xlsx: 'Excel register',
  pdf: 'PDF',
  html: 'HTML page',
  docx: 'Word document',
};

const BY_EXTENSION: Record<string, Format> = {
  '.txt': 'text',
  '.md': 'text',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.xlsx': 'xlsx',
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
  '.docx': 'docx',
};

/** Formats that are registers (records only) rather than documents (passages, and records from tables). */
export const isRegisterFormat = (f: Format): boolean => f === 'csv' || f === 'tsv' || f === 'xlsx';

export const formatOfName = (name: string): Format | undefined => BY_EXTENSION[extname(name).toLowerCase()];

const OLD_OFFICE: Record<string, string> = { '.doc': '.docx', '.xls': '.xlsx', '.ppt': '.pptx', '.wps': '.docx', '.et': '.xlsx' };

/** Why a file with this name is not read, for names that have no format. */
export function unsupportedReason(name: string): string {
  const ext = extname(name).toLowerCase();
  if (OLD_OFFICE[ext]) return `old binary Office format (${ext}) is not read: save it as ${OLD_OFFICE[ext]}`;
  return ext
    ? `not a supported format (${ext}); read are .txt .md .csv .tsv .xlsx .pdf .html .docx`
    : 'no file extension; read are .txt .md .csv .tsv .xlsx .pdf .html .docx';
}

type Magic = 'pdf' | 'zip' | 'ole' | 'other';

export function sniff(bytes: Buffer): Magic {
  if (bytes.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  if (bytes.readUInt32LE(0) === 0xe011cfd0 && bytes.length >= 4) return 'ole';
  return 'other';
}

const MAGIC_NAME: Record<Magic, string> = {
  pdf: 'a PDF',
  zip: 'a ZIP package (.docx/.xlsx?)',
  ole: 'an old or encrypted Office file',
  other: 'text',
};

/** Undefined when the bytes fit the format the extension names, else a one-line reason to skip. */
export function checkMagic(format: Format, bytes: Buffer): string | undefined {
  const magic = bytes.length >= 4 ? sniff(bytes) : 'other';
  const want: Magic = format === 'pdf' ? 'pdf' : format === 'docx' || format === 'xlsx' ? 'zip' : 'other';
  if (magic === want) return undefined;
  if (magic === 'ole' && (format === 'docx' || format === 'xlsx'))
    return `password-protected or old binary Office file, not a .${format} package: remove the password or save it as .${format}`;
  if (want === 'other') return `looks like ${MAGIC_NAME[magic]}, not ${format === 'html' ? 'HTML' : 'text'} (wrong extension?)`;
  return `not ${format === 'pdf' ? 'a PDF' : `a .${format} file`}: its content is ${MAGIC_NAME[magic]} (wrong extension?)`;
}
