/** Where a command writes: messages to stdout, problems to stderr (tests capture both). */
export interface Output {
  info(text: string): void;
  error(text: string): void;
}

/** The process's own stdout and stderr. */
export const processOutput: Output = {
  info: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};
