import type { LabInfo } from '../../../graders/core/lab';
import { labFilePath } from '../../../graders/core/modules';

/**
 * LabPageData is what a lab page's script needs, embedded in the page at
 * build time: the lab's description and the learner file's starter.
 */
export interface LabPageData {
  info: LabInfo;
  /** file is the learner file the editor holds (LabInfo.files[0]). */
  file: string;
  /** path is where it is mounted: "labs/<lab>/<file>". */
  path: string;
  starter: string;
}

/** labPageData assembles the page data; `starters` maps repository paths to file text. */
export function labPageData(info: LabInfo, starters: Readonly<Record<string, string>>): LabPageData {
  const file = info.files[0];
  const path = labFilePath(info, file);
  const starter = starters[path];
  if (starter === undefined) throw new Error(`lab ${info.id}: its starter ${path} is missing`);
  return { info, file, path, starter };
}

/**
 * embedJson renders a value as JSON safe inside an HTML <script> element:
 * "<" is escaped so no "</script>" or "<!--" in lab text can end it early.
 * JSON.parse reads it back unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
