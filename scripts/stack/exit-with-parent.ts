/**
 * Preloaded (`node --require`) into every process the stack supervisor starts: the supervisor holds the
 * other end of this process's stdin, so when the supervisor goes away — however it was stopped, SIGKILL
 * included — stdin ends and the process stops itself the orderly way (SIGTERM to itself: the app's own
 * shutdown runs). No orphans are left behind.
 */
if (process.env.NCE_SUPERVISED === '1' && !process.stdin.isTTY) {
  const stop = (): void => {
    process.kill(process.pid, 'SIGTERM');
  };
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  // stdin must not keep a process alive that would otherwise exit on its own.
  (process.stdin as unknown as { unref?: () => void }).unref?.();
}
