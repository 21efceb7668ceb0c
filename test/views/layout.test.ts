import { describe, expect, it } from 'vitest';
import { layoutFor } from '../../views/layout';
import { wrapLines } from '../../views/format';
import { windowAround, windowFrom } from '../../views/window';

describe('layout', () => {
  it.each([
    [24, 80, 3],
    [12, 60, 40],
    [6, 40, 1],
    [3, 30, 2],
    [60, 200, 0],
  ])('fits a %i×%i terminal with %i checks in one row less than its height', (rows, columns, checks) => {
    for (const likely of [false, true]) {
      const l = layoutFor(rows, columns, checks, likely);
      expect(l.height).toBe(rows - 1);
      expect(l.panes + l.likelyStrip).toBe(l.main);
      expect(l.stepsHeight + l.stepInfoHeight + l.likelyHeight).toBeLessThanOrEqual(l.panes);
      expect(l.checksHeight + l.detailHeight).toBe(l.panes);
      expect(l.leftWidth + l.rightWidth).toBe(columns);
    }
  });
});

describe('the most likely mechanism', () => {
  it('gets a full-width strip at 80 columns and the left column at 120', () => {
    const narrow = layoutFor(24, 80, 3, true, 2);
    expect(narrow.likelyStrip).toBe(3);
    expect(narrow.likelyHeight).toBe(0);
    const wide = layoutFor(40, 120, 3, true, 2);
    expect(wide.likelyStrip).toBe(0);
    expect(wide.likelyHeight).toBeGreaterThan(8);
  });
});

describe('windows', () => {
  it('keeps the selected item of a long list in view', () => {
    expect(windowAround(100, 0, 10)).toEqual({ start: 0, end: 10 });
    expect(windowAround(100, 50, 10)).toEqual({ start: 45, end: 55 });
    expect(windowAround(100, 99, 10)).toEqual({ start: 90, end: 100 });
    expect(windowAround(3, 2, 10)).toEqual({ start: 0, end: 3 });
  });

  it('never scrolls past the end of a list', () => {
    expect(windowFrom(30, 25, 10)).toEqual({ start: 20, end: 30 });
    expect(windowFrom(30, -4, 10)).toEqual({ start: 0, end: 10 });
  });
});

describe('wrapLines', () => {
  it('wraps at word boundaries and splits words longer than a line', () => {
    expect(wrapLines('the worker restarts on an upstream 503', 12)).toEqual(['the worker', 'restarts on', 'an upstream', '503']);
    expect(wrapLines('sha256:0123456789abcdef', 8)).toEqual(['sha256:0', '12345678', '9abcdef']);
    expect(wrapLines('', 8)).toEqual(['']);
  });
});
