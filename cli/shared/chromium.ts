import * as fs from "fs";
import * as path from "path";

/**
 * Finds a Chromium to render the HTML report in (the browser test and the benchmark row): the
 * path in DP100_CHROMIUM, else `chromium`, `chromium-browser`, `google-chrome` or
 * `google-chrome-stable` on PATH. Debian's package is `chromium` (`apt-get install -y chromium`).
 * Undefined when there is none: callers skip, saying so.
 */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const executable = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (env.DP100_CHROMIUM) return executable(env.DP100_CHROMIUM) ? env.DP100_CHROMIUM : undefined;
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
      const p = path.join(dir, name);
      if (executable(p)) return p;
    }
  }
  return undefined;
}

/** Why a browser check did not run, and how to make it run. */
export const NO_CHROMIUM =
  "no Chromium found (DP100_CHROMIUM, or chromium on PATH): install it with 'apt-get install -y chromium' (Debian) to render the HTML report";

/**
 * Launch arguments for headless Chromium here: CI and the developers' machines run as root, where
 * Chromium refuses to start without --no-sandbox; the page is our own file, with no script.
 */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];
