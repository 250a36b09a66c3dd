/**
 * A document's provenance as a reader checks it: title, publisher, date and address. It comes from
 * the document itself where it says so, or from a sidecar `<file name>.meta.json` beside the file
 * in `corpus/` that a user can edit (the shipped CAC registers and the texts have one). A sidecar
 * is not a document: it is read with its file, and a change to it re-reads that file.
 */
import * as z from 'zod';

export const SIDECAR_SUFFIX = '.meta.json';

export const SourceMeta = z
  .object({
    /** The full title as published ("生成式人工智能服务已备案信息（2024年4月）"). */
    title: z.string().min(1).max(500).optional(),
    /** Who published it ("国家互联网信息办公室"). */
    publisher: z.string().min(1).max(200).optional(),
    /** YYYY-MM-DD or YYYY-MM. */
    date: z
      .string()
      .regex(/^\d{4}-\d{2}(-\d{2})?$/)
      .optional(),
    /** Where a reader finds it (the announcement page). */
    url: z.string().url().max(2000).optional(),
    /** For registers: the attachment's download address. */
    downloadUrl: z.string().url().max(2000).optional(),
    /** For registers: the list's period, YYYY-MM (the month the CAC's list covers up to). */
    period: z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .optional(),
  })
  .strict();
export type SourceMeta = z.infer<typeof SourceMeta>;

export const isSidecar = (name: string): boolean => name.endsWith(SIDECAR_SUFFIX);
export const sidecarOf = (name: string): string => name + SIDECAR_SUFFIX;
