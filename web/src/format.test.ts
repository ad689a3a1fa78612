import { describe, expect, it } from 'vitest';
import { age, percent, words } from './format';

describe('format', () => {
  const now = new Date('2026-12-06T10:00:00Z');

  it('says how long ago in the largest whole unit', () => {
    expect(age('2026-12-06T09:59:18Z', now)).toBe('42 s');
    expect(age('2026-12-06T09:55:00Z', now)).toBe('5 min');
    expect(age('2026-12-06T07:00:01Z', now)).toBe('2 h');
    expect(age('2026-12-04T10:00:00Z', now)).toBe('2 d');
    expect(age('2026-12-06T10:00:05Z', now)).toBe('0 s');
  });

  it('words shares and wire names', () => {
    expect(percent(0.755)).toBe('76\u00a0%');
    expect(words('root_cause_proposed')).toBe('root cause proposed');
  });
});
