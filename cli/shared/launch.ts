/**
 * Exits with `code` once everything written to stdout and stderr has been flushed. A bare
 * process.exit() cuts a piped stdout at 64 KiB (a large `plan --json` would be truncated).
 */
export function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

/**
 * What every launcher in scripts/ does: runs a command's main with the process's arguments and
 * exits with its status once the output is flushed; an unexpected failure prints
 * `<name> failed: <stack>` and exits 3.
 */
export function launch(
  name: string,
  main: (argv: string[]) => Promise<number>,
  opts: { readonly detail?: "stack" | "message" } = {},
): void {
  main(process.argv.slice(2)).then(
    (code) => exitAfterFlush(code),
    (e) => {
      const detail = e instanceof Error ? (opts.detail === "message" ? e.message : e.stack) : e;
      process.stderr.write(`${name} failed: ${String(detail)}\n`);
      exitAfterFlush(3);
    },
  );
}
