// How the dashboard words times and numbers. Pure.

/** "42 s", "5 min", "3 h", "2 d": how long ago {@code then} was at {@code now}. */
export function age(then: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(then).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}

/** "76 %" for 0.76, with a no-break space so that it never wraps. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}\u00a0%`;
}

/** "root_cause_proposed" as "root cause proposed". */
export function words(wire: string): string {
  return wire.replaceAll('_', ' ');
}
