/** A `homesec` subcommand: gets its own arguments, returns the process exit code. */
export interface CliCommand {
  readonly summary: string;
  run(argv: readonly string[]): Promise<number>;
}
