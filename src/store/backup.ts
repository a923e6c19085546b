/**
 * Backup persistence: reads everything a project owns (project, panels in order, their blobs,
 * hints, palettes, story mode's draft (`stories` store) and character sheet (`characters` store)
 * with the characters' image blobs, and the storyboard (`storyboards` store) with its generated
 * placeholder backgrounds) plus the whole reference library (backup-library.ts) in one
 * read transaction for `packBackup`, and writes a validated backup back in ONE transaction.
 *
 * Export drops references that already dangle here (a story or storyboard panel's panelId whose
 * panel is gone, a storyboard hit or library background whose reference is gone,
 * a character's paletteId whose palette was deleted, a character whose image blob is missing),
 * so every backup written passes its own reader's cross-reference checks.
 *
 * Import ALWAYS gives every record fresh ids (project, panels, blobs, hints, palettes,
 * characters, references), with every cross reference rewritten through the same id map: the
 * project's panelIds, panels' projectId and blob ids, hints (keyed by their panel's id) and the
 * palette ids inside their hint `ref`s, palettes' projectId, characters' blobId and paletteId,
 * the story's and storyboard's panelIds, the storyboard's generated backgrounds (blob ids) and
 * its library backgrounds and hits (to the reference written, or the one already here with the
 * same image; one that maps to neither is dropped). So nothing in a backup can touch a record outside what it restores,
 * whatever ids it carries. Image bytes come back identical (under new ids). The restored
 * project's name is made unique (`uniqueName`: "My first strip" next to an existing one becomes
 * "My first strip (2)"), unless that one was never used (`unusedNamesake`): then it is replaced. Library references already here (same image bytes) are not added
 * again. A v1 backup (no story or characters), or one without `storyboard`, writes none of those records (the new
 * project simply has none). The backup file carries them as its own fields (src/core/backup/format.ts), never as
 * store keys, so backups written before they had their own stores (DB v3) restore the same way. The imported project
 * becomes the current one.
 */
import { getDB, guardWrite, newId } from './db';
import type { BlobRecord, HintRecord, PaletteRecord, Panel, Project } from './schema';
import type { BackupContent } from '../core/backup/format';
import { blobRecord } from './blobs';
import { rowsOf, sheetOf, type CharacterRecord } from './characters';
import { typedKey, type StoryDraft } from './story';
import type { BoardPanel, StoryBoard } from './storyboard';
import { storyboardBlobIds } from '../core/backup/storyboard-format';
import { nameKey, uniqueName } from './projects';
import { announceLibraryChange } from './references';
import { BACKUP_STORES, collectLibrary, newReferences, writeLibrary, type WriteTx } from './backup-library';

/** A per-project record without its store key (what the backup file carries). */
function withoutKey<T extends { projectId: string }>(rec: T): Omit<T, 'projectId'> {
  const { projectId: _key, ...rest } = rec;
  return rest;
}

type RefMap = (id: string | undefined) => { id: string; blobId: string } | undefined;

/** A board with every library reference passed through `ref` (undefined = gone: the hit, or the background, is dropped). */
function mapBoardRefs(
  board: StoryBoard,
  ref: RefMap,
  panelId: (id: string) => string | undefined,
  blobId: (id: string) => string,
): StoryBoard {
  const panel = (p: BoardPanel): BoardPanel => {
    const { panelId: pid, ...rest } = p;
    const bg = p.layout.background;
    const toBg = bg?.generated
      ? { ...bg, blobId: blobId(bg.blobId) }
      : bg && ref(bg.refId)
        ? { ...bg, refId: ref(bg.refId)!.id, blobId: ref(bg.refId)!.blobId }
        : undefined;
    const { background: _bg, ...layout } = p.layout;
    const to = pid !== undefined ? panelId(pid) : undefined;
    return {
      ...rest,
      layout: { ...layout, ...(toBg ? { background: toBg } : {}) },
      hits: p.hits.flatMap((h) => {
        const r = ref(h.refId);
        return r ? [{ ...h, refId: r.id, blobId: r.blobId }] : [];
      }),
      ...(to !== undefined ? { panelId: to } : {}),
    };
  };
  return { ...board, panels: board.panels.map(panel) };
}

/** A project's records for a backup; the images as the store keeps them (Blobs, read into bytes by the image worker). */
export async function collectProject(projectId: string): Promise<BackupContent<BlobRecord>> {
  const db = await getDB();
  const tx = db.transaction(BACKUP_STORES);
  const project = await tx.objectStore('projects').get(projectId);
  if (!project) throw new Error(`No project ${projectId}`);
  const [panelRecs, palettes, storyRec, characterRows, boardRec] = await Promise.all([
    Promise.all(project.panelIds.map((id) => tx.objectStore('panels').get(id))),
    tx.objectStore('palettes').index('projectId').getAll(projectId),
    tx.objectStore('stories').get(projectId),
    tx.objectStore('characters').index('projectId').getAll(projectId),
    tx.objectStore('storyboards').get(projectId),
  ]);
  const panels = panelRecs.filter((p): p is Panel => !!p);
  const panelBlobIds = panels.flatMap((p) =>
    p.resultBlobId ? [p.originalBlobId, p.resultBlobId] : [p.originalBlobId],
  );
  const listed = sheetOf(characterRows);
  const boardDraft: StoryBoard | null = boardRec ? withoutKey(boardRec) : null;
  const blobIds = [...new Set([...panelBlobIds, ...listed.map((c) => c.blobId), ...storyboardBlobIds(boardDraft)])];
  const [blobRecs, hintLists, lib] = await Promise.all([
    Promise.all(blobIds.map((id) => tx.objectStore('blobs').get(id))),
    Promise.all(panels.map((p) => tx.objectStore('hints').index('panelId').getAll(p.id))),
    collectLibrary(tx, projectId),
  ]);
  await tx.done;
  const blobs = blobRecs.filter((b): b is BlobRecord => !!b);
  const haveBlob = new Set(blobs.map((b) => b.id));
  for (const b of lib.blobs) if (!haveBlob.has(b.id)) blobs.push(b);
  const hints = hintLists.flat();

  const havePanel = new Set(panels.map((p) => p.id));
  const havePalette = new Set(palettes.map((p) => p.id));
  const draft: StoryDraft | null = storyRec ? withoutKey(storyRec) : null;
  const story: StoryDraft | null = draft
    ? {
        ...draft,
        panels: draft.panels.map((sp) => {
          if (sp.panelId === undefined || havePanel.has(sp.panelId)) return sp;
          const { panelId: _gone, ...rest } = sp;
          return rest;
        }),
      }
    : null;
  const refHere = new Map(lib.library.references.map((r) => [r.id, { id: r.id, blobId: r.blobId }]));
  const storyboard: StoryBoard | null = boardDraft
    ? mapBoardRefs(
        {
          ...boardDraft,
          panels: boardDraft.panels.map((p) =>
            p.layout.background?.generated && !haveBlob.has(p.layout.background.blobId)
              ? { ...p, layout: { ...p.layout, background: undefined } }
              : p,
          ),
        },
        (id) => (id !== undefined ? refHere.get(id) : undefined),
        (id) => (havePanel.has(id) ? id : undefined),
        (id) => id,
      )
    : null;
  const characters: CharacterRecord[] = listed
    .filter((c) => haveBlob.has(c.blobId))
    .map((c) => {
      if (c.paletteId === undefined || havePalette.has(c.paletteId)) return c;
      const { paletteId: _gone, ...rest } = c;
      return rest;
    });
  return {
    project: { ...project, panelIds: panels.map((p) => p.id) },
    panels,
    hints,
    palettes,
    blobs,
    story,
    characters,
    storyboard,
    library: lib.library,
  };
}

/**
 * Palette id inside a hint's `ref` (`<paletteId>/<label>`, src/store/palettes.ts): rewritten to
 * the restored palette; a ref to a palette that is not in the backup is dropped (the hint stays).
 */
function remapHintRefs(hints: unknown[], palette: Map<string, string>): unknown[] {
  return hints.map((h) => {
    if (!h || typeof h !== 'object' || !('ref' in h)) return h;
    const { ref, ...rest } = h as { ref: unknown };
    const cut = typeof ref === 'string' ? ref.indexOf('/') : -1;
    const to = cut > 0 ? palette.get((ref as string).slice(0, cut)) : undefined;
    return to ? { ...rest, ref: to + (ref as string).slice(cut) } : rest;
  });
}

/** The backup's records under fresh ids, every cross reference rewritten (see the top). */
function remap(c: BackupContent): {
  content: BackupContent<BlobRecord>;
  blobId: (id: string) => string;
  panelId: (id: string) => string;
} {
  const maps = {
    project: new Map<string, string>(),
    panel: new Map<string, string>(),
    blob: new Map<string, string>(),
    palette: new Map<string, string>(),
    character: new Map<string, string>(),
  };
  const fresh = (m: Map<string, string>) => (id: string) => {
    let n = m.get(id);
    if (!n) m.set(id, (n = newId()));
    return n;
  };
  const panelId = fresh(maps.panel);
  const blobId = fresh(maps.blob);
  const paletteId = fresh(maps.palette);
  const project: Project = {
    ...c.project,
    id: fresh(maps.project)(c.project.id),
    panelIds: c.project.panelIds.map(panelId),
  };
  const panels: Panel[] = c.panels.map((p) => ({
    ...p,
    id: panelId(p.id),
    projectId: project.id,
    originalBlobId: blobId(p.originalBlobId),
    ...(p.resultBlobId ? { resultBlobId: blobId(p.resultBlobId) } : {}),
  }));
  const blobs: BlobRecord[] = c.blobs.map((b) => blobRecord(b.type, b.bytes, b.createdAt, blobId(b.id)));
  const palettes: PaletteRecord[] = c.palettes.map((p) => ({ ...p, id: paletteId(p.id), projectId: project.id }));
  // A hint record is keyed by its panel's id (src/store/hints.ts).
  const hints: HintRecord[] = c.hints.map((h) => {
    const id = panelId(h.panelId);
    return { ...h, id, panelId: id, hints: Array.isArray(h.hints) ? remapHintRefs(h.hints, maps.palette) : [] };
  });
  const characters: CharacterRecord[] | undefined = c.characters?.map((ch) => ({
    ...ch,
    id: fresh(maps.character)(ch.id),
    blobId: blobId(ch.blobId),
    ...(ch.paletteId !== undefined ? { paletteId: paletteId(ch.paletteId) } : {}),
  }));
  const story: StoryDraft | null | undefined = c.story
    ? {
        ...c.story,
        panels: c.story.panels.map((sp) => ({
          ...sp,
          ...(sp.panelId !== undefined ? { panelId: panelId(sp.panelId) } : {}),
        })),
      }
    : c.story;
  return {
    content: {
      project,
      panels,
      blobs,
      hints,
      palettes,
      ...(story !== undefined ? { story } : {}),
      ...(characters !== undefined ? { characters } : {}),
    },
    blobId,
    panelId,
  };
}

export interface Restored {
  project: Project;
  /** Library references added (those whose image was here already are not counted). */
  referencesAdded: number;
  /** The id of an unused project of the same name that the restored one replaced (unusedNamesake). */
  replaced?: string;
}

/**
 * Writes a validated backup in one transaction under fresh ids (see the top); returns the
 * project as stored and how many library references were added.
 */
/**
 * A project named like the restored one that was never used (no panels, story, storyboard,
 * characters, palettes or typed story): the default project a fresh profile makes before its first
 * restore. The restored project takes its place and its name, rather than "My first strip (2)"
 * beside an empty "My first strip".
 */
async function unusedNamesake(tx: WriteTx, projects: Project[], name: string): Promise<Project | undefined> {
  for (const p of projects) {
    if (nameKey(p.name) !== nameKey(name) || p.panelIds.length) continue;
    const counts = await Promise.all([
      tx.objectStore('panels').index('projectId').count(p.id),
      tx.objectStore('stories').count(p.id),
      tx.objectStore('storyboards').count(p.id),
      tx.objectStore('characters').index('projectId').count(p.id),
      tx.objectStore('palettes').index('projectId').count(p.id),
      tx.objectStore('settings').count(typedKey(p.id)),
    ]);
    if (counts.every((n) => n === 0)) return p;
  }
  return undefined;
}

export async function writeBackup(content: BackupContent): Promise<Restored> {
  const lib = content.library;
  // Only blobs something restored uses go in: the project's, and those of library references new here.
  const blobsById = new Map(content.blobs.map((b) => [b.id, b]));
  const refsHere = new Map<string, { id: string; blobId: string }>();
  const refs = lib ? await newReferences(lib, blobsById, refsHere) : [];
  const projectBlobIds = new Set([
    ...content.panels.flatMap((p) => (p.resultBlobId ? [p.originalBlobId, p.resultBlobId] : [p.originalBlobId])),
    ...(content.characters ?? []).map((ch) => ch.blobId),
    ...storyboardBlobIds(content.storyboard),
  ]);
  const keepBlob = new Set([...projectBlobIds, ...refs.map((r) => r.blobId)]);
  const {
    content: c,
    blobId,
    panelId,
  } = remap({
    ...content,
    blobs: content.blobs.filter((b) => keepBlob.has(b.id)),
  });
  const db = await getDB();
  const result = await guardWrite(
    async (track) => {
      const tx = track(db.transaction(BACKUP_STORES, 'readwrite'));
      const all = await tx.objectStore('projects').getAll();
      const unused = await unusedNamesake(tx, all, c.project.name);
      const taken = all.filter((p) => p !== unused).map((p) => p.name);
      const stored: Project = { ...c.project, name: uniqueName(c.project.name, taken), updatedAt: Date.now() };
      const added = lib
        ? await writeLibrary(tx, lib, refs, blobId, { from: content.project.id, to: stored.id }, refsHere)
        : 0;
      const board = content.storyboard
        ? mapBoardRefs(content.storyboard, (id) => (id !== undefined ? refsHere.get(id) : undefined), panelId, blobId)
        : content.storyboard;
      // v2+ backups say what the story and character sheet are (null / [] = none); v1 says nothing.
      const generate: Promise<unknown>[] = unused ? [tx.objectStore('projects').delete(unused.id)] : [];
      if (c.story) generate.push(tx.objectStore('stories').put({ ...c.story, projectId: stored.id }));
      for (const row of rowsOf(stored.id, c.characters ?? [])) generate.push(tx.objectStore('characters').add(row));
      if (board) generate.push(tx.objectStore('storyboards').put({ ...board, projectId: stored.id }));
      await Promise.all([
        ...generate,
        ...c.blobs.map((b) => tx.objectStore('blobs').add(b)),
        ...c.panels.map((p) => tx.objectStore('panels').put(p)),
        ...c.hints.map((h) => tx.objectStore('hints').put(h)),
        ...c.palettes.map((p) => tx.objectStore('palettes').put(p)),
        tx.objectStore('projects').add(stored),
        tx.objectStore('settings').put({ key: 'currentProjectId', value: stored.id }),
        tx.done,
      ]);
      return { project: stored, referencesAdded: added, replaced: unused?.id };
    },
    (r) => [
      ...(r.replaced ? [{ store: 'projects' as const, projectId: r.replaced }] : []),
      { store: 'projects', projectId: r.project.id },
      { store: 'panels', projectId: r.project.id },
      { store: 'stories', projectId: r.project.id },
      { store: 'characters', projectId: r.project.id },
      { store: 'storyboards', projectId: r.project.id },
      ...(r.referencesAdded ? [{ store: 'references' as const }] : []),
    ],
  );
  if (result.referencesAdded > 0) announceLibraryChange();
  return result;
}
