import { InvalidArgumentError } from 'commander';

/** Parse a TCP port (0 picks a free one). */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError(
      `端口应为 0–65535 的整数 / a port is an integer 0–65535: ${text}`,
    );
  return port;
}
