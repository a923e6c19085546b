/** Ctrl/⌘+Z undoes and Ctrl/⌘+Shift+Z redoes in a view, except while it is hidden or a field has the key. */
export function undoKeys(host: { readonly hidden: boolean; undo(): void; redo(): void }): (e: KeyboardEvent) => void {
  return (e) => {
    if (host.hidden || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
    const tag = (e.composedPath()[0] as HTMLElement | undefined)?.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA') return;
    e.preventDefault();
    if (e.shiftKey) host.redo();
    else host.undo();
  };
}
