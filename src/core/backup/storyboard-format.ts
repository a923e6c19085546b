/**
 * The storyboard (콘티) record in a backup (manifest field `storyboard`, optional): the shape of
 * `StoryBoard` (src/store/storyboard.ts) and its cross references, checked before anything is
 * written (format.ts calls these).
 *
 * References: each panel's `panelId`, when present, is a panel of the backup; a generated
 * placeholder background's `blobId` is a blob of the backup; a library background's and every
 * library hit's `refId` is a reference of the backup's library with that `blobId`.
 */
import type { StoryBoard } from '../../store/storyboard';

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isOptStr = (v: unknown): boolean => v === undefined || isStr(v);
const isOptNum = (v: unknown): boolean => v === undefined || isNum(v);
const isOptBool = (v: unknown): boolean => v === undefined || typeof v === 'boolean';
const isStrs = (v: unknown): boolean => Array.isArray(v) && v.every(isStr);
const isShot = (v: unknown): boolean => v === 'wide' || v === 'medium' || v === 'close';
/** A panel side (px): whole, 1..20000 (storyboard panels are 800 wide, up to 800 tall). */
const isSide = (v: unknown): boolean => isNum(v) && Number.isInteger(v) && v >= 1 && v <= 20_000;
const isBox = (v: unknown): boolean => isObj(v) && isNum(v.x) && isNum(v.y) && isNum(v.w) && isNum(v.h);

function isPlan(v: unknown): boolean {
  return (
    isObj(v) &&
    isNum(v.index) &&
    isStr(v.text) &&
    isStrs(v.characters) &&
    isStrs(v.captions) &&
    isShot(v.shot) &&
    isStr(v.place) &&
    isOptNum(v.placeFrom) &&
    Array.isArray(v.bubbles) &&
    v.bubbles.every((b) => isObj(b) && isStr(b.text) && isOptStr(b.speaker))
  );
}

const isBackground = (v: unknown): boolean =>
  v === undefined ||
  (isObj(v) &&
    isOptStr(v.refId) &&
    isStr(v.name) &&
    isStr(v.blobId) &&
    isOptNum(v.score) &&
    isNum(v.rank) &&
    isOptBool(v.generated));

const isCharacter = (v: unknown): boolean =>
  isObj(v) && isStr(v.name) && isNum(v.x) && isNum(v.y) && isNum(v.scale) && (v.box === undefined || isBox(v.box));

const isBubble = (v: unknown): boolean =>
  isObj(v) &&
  (v.kind === 'speech' || v.kind === 'caption') &&
  isStr(v.text) &&
  isOptStr(v.speaker) &&
  isBox(v) &&
  (v.lines === undefined || isStrs(v.lines)) &&
  isOptNum(v.fontSize) &&
  isOptBool(v.overflow);

function isLayout(v: unknown): boolean {
  return (
    isObj(v) &&
    isSide(v.width) &&
    isSide(v.height) &&
    isShot(v.shot) &&
    isBackground(v.background) &&
    Array.isArray(v.characters) &&
    v.characters.every(isCharacter) &&
    Array.isArray(v.bubbles) &&
    v.bubbles.every(isBubble)
  );
}

const isHit = (v: unknown): boolean => isObj(v) && isStr(v.refId) && isStr(v.blobId) && isStr(v.name) && isNum(v.score);

function isBoardPanel(v: unknown): boolean {
  return (
    isObj(v) &&
    isPlan(v.plan) &&
    isLayout(v.layout) &&
    Array.isArray(v.hits) &&
    v.hits.every(isHit) &&
    isNum(v.gapAfter) &&
    isNum(v.take) &&
    isOptStr(v.panelId) &&
    (v.cutouts === undefined ||
      (Array.isArray(v.cutouts) &&
        v.cutouts.every(
          (c) => isObj(c) && isStr(c.name) && (c.method === 'alpha' || c.method === 'flood' || c.method === 'box'),
        )))
  );
}

/** Whether `v` has the shape of a stored storyboard. */
export function isStoryBoard(v: unknown): v is StoryBoard {
  return isObj(v) && isStr(v.story) && isNum(v.updatedAt) && Array.isArray(v.panels) && v.panels.every(isBoardPanel);
}

/** A broken cross reference of the storyboard (see the top), or null. */
export function storyboardReferenceProblem(
  board: StoryBoard,
  panelIds: ReadonlySet<string>,
  blobIds: ReadonlySet<string>,
  refBlob: ReadonlyMap<string, string>,
): string | null {
  const libraryRef = (refId: string | undefined, blobId: string) =>
    refId !== undefined && refBlob.get(refId) === blobId;
  for (const [i, p] of board.panels.entries()) {
    if (p.panelId !== undefined && !panelIds.has(p.panelId))
      return `storyboard panel ${i + 1} refers to a missing panel`;
    const bg = p.layout.background;
    if (bg && (bg.generated ? !blobIds.has(bg.blobId) : !libraryRef(bg.refId, bg.blobId))) {
      return `storyboard panel ${i + 1} refers to a missing background`;
    }
    if (!p.hits.every((h) => libraryRef(h.refId, h.blobId)))
      return `storyboard panel ${i + 1} refers to a missing library reference`;
  }
  return null;
}

/**
 * The board without the library references `refIds` (left out of a backup: unreadable, or over the
 * import limits): their hits go, and a background that was one of them leaves its panel plain in the
 * record (the flattened panel in the strip keeps the picture), so the backup's references hold.
 */
export function withoutReferences(board: StoryBoard, refIds: ReadonlySet<string>): StoryBoard {
  if (!refIds.size) return board;
  return {
    ...board,
    panels: board.panels.map((p) => {
      const bg = p.layout.background;
      const gone = !!bg && !bg.generated && bg.refId !== undefined && refIds.has(bg.refId);
      const { background: _gone, ...plain } = p.layout;
      return { ...p, hits: p.hits.filter((h) => !refIds.has(h.refId)), layout: gone ? plain : p.layout };
    }),
  };
}

/** The board's image blobs that are not library images (generated placeholder backgrounds). */
export function storyboardBlobIds(board: StoryBoard | null | undefined): string[] {
  return (board?.panels ?? []).flatMap((p) => (p.layout.background?.generated ? [p.layout.background.blobId] : []));
}
