/** `--lines-per-report 500 --out dir` -> { linesPerReport: '500', out: 'dir' }. */
export function parseArgs(argv: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unexpected argument ${argv[i]}`);
    const name = match[1].replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const value = match[2] ?? argv[i + 1];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw new Error(`--${match[1]} needs a value`);
    if (match[2] === undefined) i += 1;
    args[name] = value;
  }
  return args;
}

export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: Error) => {
      console.error(error.stack ?? error.message);
      process.exit(1);
    },
  );
}
