/**
 * Exits with `code` once everything written to stdout and stderr has been flushed. A bare
 * process.exit() cuts a piped stdout at 64 KiB (a large `plan --json` would be truncated).
 */
export function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
