/** Saves bytes as a file download (object URL + <a download>, revoked afterwards). */
export function download(bytes: ArrayBuffer | Uint8Array | Blob, name: string, type: string): void {
  const blob = bytes instanceof Blob ? bytes : new Blob([bytes as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file-system-safe version of a project name. */
export function safeName(name: string): string {
  // Control characters (U+0000–U+001F) are not allowed in file names either.
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim() || 'toonsmith';
}
