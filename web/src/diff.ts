// A unified diff as lines to show, each with its kind and its numbers in the old and new file. Pure.

export type DiffLineKind = 'file' | 'hunk' | 'added' | 'removed' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  oldNumber: number | null;
  newNumber: number | null;
}

export function diffLines(patch: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldNumber = 0;
  let newNumber = 0;
  for (const text of patch.replace(/\n$/, '').split('\n')) {
    const hunk = text.match(/^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/);
    if (hunk) {
      oldNumber = Number(hunk[1]);
      newNumber = Number(hunk[2]);
      lines.push({ kind: 'hunk', text, oldNumber: null, newNumber: null });
    } else if (text.startsWith('--- ') || text.startsWith('+++ ') || text.startsWith('diff ') || text.startsWith('index ')) {
      lines.push({ kind: 'file', text, oldNumber: null, newNumber: null });
    } else if (text.startsWith('+')) {
      lines.push({ kind: 'added', text, oldNumber: null, newNumber: newNumber++ });
    } else if (text.startsWith('-')) {
      lines.push({ kind: 'removed', text, oldNumber: oldNumber++, newNumber: null });
    } else {
      lines.push({ kind: 'context', text, oldNumber: oldNumber++, newNumber: newNumber++ });
    }
  }
  return lines;
}

/** The files a patch changes, as its "+++ b/…" lines name them. */
export function changedFiles(patch: string): string[] {
  return [...patch.matchAll(/^\+\+\+ (?:b\/)?(.+)$/gm)].map((m) => m[1]);
}
