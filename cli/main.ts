#!/usr/bin/env node
import { prestartParseWorker } from '../src/threads.js';

// Before the program's modules load: a large input's parse worker loads its own meanwhile.
prestartParseWorker(process.argv.slice(2));
const { maxFileBytes } = await import('../src/input/read.js');
const { limitHeapGrowth } = await import('../src/run.js');
const { main } = await import('./cli.js');

/** Standard input, read until it ends or passes the input size limit (the reader then refuses it). */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > maxFileBytes()) break;
  }
  return Buffer.concat(chunks);
}

limitHeapGrowth();

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  cwd: process.cwd(),
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  color: { stdout: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, stderr: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR },
  // Reading a large dump takes a while: say how far it has got, on a terminal only.
  progress: Boolean(process.stderr.isTTY),
});
