/**
 * Run `cleanup` once on SIGINT, SIGTERM or SIGHUP, then exit with the conventional code.
 * The journal is durable before anything is shown, so this only stops what was started.
 */
export function onTerminate(cleanup: () => Promise<void> | void): () => void {
  let done = false;
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    const handler = () => {
      if (done) return;
      done = true;
      Promise.resolve()
        .then(cleanup)
        .finally(() => process.exit(code));
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
