/**
 * A workbench's snapshot, made when it is read, and its listeners, told once per turn of the
 * event loop however many events were folded in it: a walk records two events per check, and
 * ranking mechanisms and drawing the screen for each would hold keys behind them.
 */
export class SnapshotStore<T> {
  private readonly listeners = new Set<() => void>();
  private current?: T;
  private queued = false;

  constructor(private readonly make: () => T) {}

  /** The same object until something changes (useSyncExternalStore compares by identity). */
  get = (): T => (this.current ??= this.make());

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The state changed: the next read makes a new snapshot; listeners hear of it on the next turn. */
  changed(): void {
    this.current = undefined;
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      for (const l of this.listeners) l();
    });
  }
}
