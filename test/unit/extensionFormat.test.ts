import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration, formatPercent, shorten } from '../../src/extension/format';

describe('extension formats', () => {
  it('formats costs, never showing a paid run as free', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.004)).toBe('$0.004');
    expect(formatCost(0.8412)).toBe('$0.84');
    expect(formatCost(Number.NaN)).toBe('$0.00');
  });

  it('formats durations from milliseconds to hours', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_300)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
  });

  it('formats rates and shortens labels', () => {
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(0.916)).toBe('92%');
    expect(shorten('a  b\nc', 10)).toBe('a b c');
    expect(shorten('abcdefghijkl', 5)).toBe('abcd…');
  });
});
