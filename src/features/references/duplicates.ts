/**
 * The same picture added twice (pure): an import is split into the files to add and the ones the
 * library already holds — or that an earlier file of the same import is — by the SHA-256 of their
 * bytes. Empty files are never called duplicates (they fail to decode and say so themselves).
 */
export interface Incoming {
  name: string;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  /** Byte size. */
  size: number;
}

export interface Duplicate {
  /** Index of the file in the import. */
  index: number;
  name: string;
  /** Name of the reference (or earlier file of this import) with the same bytes. */
  existing: string;
  /** Set when the same bytes came earlier in this import (its index): no reference exists yet. */
  of?: number;
}

export function splitDuplicates(
  items: readonly Incoming[],
  known: Readonly<Record<string, { name: string }>>,
): { fresh: number[]; duplicates: Duplicate[] } {
  const fresh: number[] = [];
  const duplicates: Duplicate[] = [];
  const first = new Map<string, number>();
  items.forEach((it, index) => {
    if (it.size === 0) return void fresh.push(index);
    const here = Object.hasOwn(known, it.sha256) ? known[it.sha256] : undefined;
    const before = first.get(it.sha256);
    if (here) duplicates.push({ index, name: it.name, existing: here.name });
    else if (before !== undefined) duplicates.push({ index, name: it.name, existing: items[before].name, of: before });
    else {
      first.set(it.sha256, index);
      fresh.push(index);
    }
  });
  return { fresh, duplicates };
}
