/** Why an index cannot be used or written, in one line a front end can show as it is. */
export type IndexState = 'missing' | 'stale' | 'corrupt' | 'busy' | 'unwritable' | 'unreadable';

export class IndexError extends Error {
  override name = 'IndexError';
  constructor(readonly state: IndexState, message: string) {
    super(message);
  }
}

/** A file-system error as one line: ENOSPC, EACCES and EROFS in words, others by their first line. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    default:
      return String(e?.message ?? err).split('\n')[0]!;
  }
}
