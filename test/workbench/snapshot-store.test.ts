import { describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../src/workbench/snapshot-store';

// The workbench's snapshot: one object until the state changes (React compares by identity),
// and listeners told once per turn of the event loop however many events a burst folded, so a
// walk's journal events draw one frame per turn, not one per event.

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SnapshotStore', () => {
  it('hands out the same snapshot until a change, and makes it only when read', () => {
    let made = 0;
    const store = new SnapshotStore(() => ({ n: ++made }));
    expect(made).toBe(0);
    const first = store.get();
    expect(store.get()).toBe(first);
    store.changed();
    store.changed();
    expect(made).toBe(1);
    const second = store.get();
    expect(second).not.toBe(first);
    expect(second).toEqual({ n: 2 });
  });

  it('tells each listener once per turn of the event loop, however many changes it held', async () => {
    const store = new SnapshotStore(() => ({}));
    const told: string[] = [];
    store.subscribe(() => told.push('a'));
    const unsubscribe = store.subscribe(() => told.push('b'));
    for (let i = 0; i < 100; i++) store.changed();
    expect(told).toEqual([]);
    await turn();
    expect(told).toEqual(['a', 'b']);
    unsubscribe();
    store.changed();
    await turn();
    expect(told).toEqual(['a', 'b', 'a']);
    await turn();
    expect(told).toEqual(['a', 'b', 'a']);
  });
});
