// Preloaded into a benchmarked process: reports its peak RSS (KiB) on stderr at exit.
process.on('exit', () => {
  process.stderr.write(`\n@@maxrss ${process.resourceUsage().maxRSS}\n`);
});
