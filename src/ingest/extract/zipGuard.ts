/**
 * Zip-bomb guard for .docx/.xlsx: reads only the package's central directory (fflate, nothing is
 * inflated) and refuses packages whose parts would unpack past the cap, or that lack the part
 * their format needs. The extraction worker's heap limit backs this up for packages that lie
 * about their sizes.
 */
import { unzipSync } from 'fflate';
import { SkipFile } from './types.js';

const MAIN_PART = { docx: 'word/document.xml', xlsx: 'xl/workbook.xml' } as const;

export function checkPackage(bytes: Uint8Array, format: 'docx' | 'xlsx', maxUnpackedBytes: number): void {
  let total = 0;
  let parts = 0;
  const names = new Set<string>();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize;
        parts++;
        names.add(f.name);
        return false;
      },
    });
  } catch (err) {
    throw new SkipFile(`damaged or truncated ZIP package (${(err as Error).message})`);
  }
  if (total > maxUnpackedBytes)
    throw new SkipFile(
      `unpacks to ${(total / 1048576).toFixed(0)} MB in ${parts} parts, over the ${(maxUnpackedBytes / 1048576).toFixed(0)} MB cap (a zip bomb?)`,
    );
  if (!names.has(MAIN_PART[format])) {
    const other = format === 'docx' ? names.has(MAIN_PART.xlsx) && 'an Excel workbook' : names.has(MAIN_PART.docx) && 'a Word document';
    throw new SkipFile(
      other ? `is ${other}, not a .${format} (wrong extension?)` : `ZIP package without ${MAIN_PART[format]}: not a .${format} file`,
    );
  }
}
