#!/usr/bin/env node
import { main } from './cli.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  cwd: process.cwd(),
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  color: { stdout: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, stderr: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR },
});
