// fflate as write-excel-file sees it in the workspace (vite.config.ts routes its imports here).
// fflate's `zip` hands every file over 160 KB to a Worker made from a blob: URL, which the
// workspace's CSP (script-src 'self') refuses, so a sheet of a few hundred responses would fail
// to zip. This `zip` keeps the callback API and compresses with fflate's own `zipSync`.
import { type AsyncZipOptions, type AsyncZippable, type FlateCallback, zipSync } from "fflate";

export * from "fflate";

export function zip(
  data: AsyncZippable,
  optionsOrCallback: AsyncZipOptions | FlateCallback,
  callback?: FlateCallback,
): () => void {
  const done = (
    typeof optionsOrCallback === "function" ? optionsOrCallback : callback
  ) as FlateCallback;
  const options = typeof optionsOrCallback === "function" ? {} : optionsOrCallback;
  queueMicrotask(() => {
    let archive: Uint8Array<ArrayBuffer>;
    try {
      archive = zipSync(data, options);
    } catch (error) {
      done(error as Parameters<FlateCallback>[0], new Uint8Array(0));
      return;
    }
    done(null, archive);
  });
  return () => {};
}
