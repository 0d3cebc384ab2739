/**
 * download: hands bytes to the browser as a file download.
 */

/** BUNDLE_NAME and ZIP_NAME are the names the learner's downloads get. */
export const BUNDLE_NAME = 'kube-internals-work.bundle';
export const ZIP_NAME = 'kube-internals-work.zip';

/** downloadBytes offers `bytes` as a file named `name`. */
export function downloadBytes(name: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; release it once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
