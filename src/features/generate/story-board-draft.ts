/**
 * Storyboard drafting (no DOM): a story → the panels of a new board, each with a library match, a
 * generated placeholder or no background, landed in the strip in place of the previous board's
 * panels (Undo in the view). A re-draft keeps the previous board's edited panels whose text and
 * place are unchanged (`keptPanels`); one panel can be regenerated on its own.
 */
import { panelPng, promptProblem } from '../../bridge/diffusion';
import { TEXT_TO_IMAGE } from '../../core/diffusion/defaults';
import {
  gapAfter,
  keptPanels,
  layoutPanel,
  MAX_PANELS,
  panelNameText,
  planPanel,
  planStoryboard,
  type BoardPlan,
  type PanelLayout,
} from '../../core/story';
import { searchPlaces } from '../../services/library-search';
import type { CharacterRecord } from '../../store/characters';
import { landDraftPanel } from '../../store/story';
import {
  boardPanelIds,
  getBoard,
  saveBoard,
  saveBoardBlob,
  releaseBoardBlobs,
  type BoardHit,
  type BoardPanel,
  type StoryBoard,
} from '../../store/storyboard';
import { generateOnDevice } from './gpu-loss';
import { ensureLoaded } from './model-state';
import {
  BoardError,
  composeBoardPanel,
  MATCH_THRESHOLD,
  MAX_BOARD_CHARS,
  toHit,
  updateBoardPanel,
  type BoardHooks,
  type BoardOptions,
} from './story-board';

/** A placeholder background from the diffusion model (64 px, upscaled when composed); undefined if the text is refused. */
async function generatedBackground(
  signal: AbortSignal,
  place: string,
  seed: number,
): Promise<PanelLayout['background'] | undefined> {
  await ensureLoaded(signal);
  if (await promptProblem(signal, place)) return undefined;
  const r = await generateOnDevice(signal, { prompt: place, ...TEXT_TO_IMAGE, seed }, () => undefined);
  const bytes = await panelPng(signal, r.image);
  const blobId = await saveBoardBlob(bytes);
  return { name: panelNameText(place, 60), blobId, rank: -1, generated: true };
}

async function backgroundFor(
  signal: AbortSignal,
  hits: BoardHit[],
  place: string,
  o: BoardOptions,
  seed: number,
  made: string[],
): Promise<PanelLayout['background'] | undefined> {
  const best = hits[0];
  if (best && best.score >= MATCH_THRESHOLD)
    return { refId: best.refId, blobId: best.blobId, name: best.name, score: best.score, rank: 0 };
  if (o.fill && place.trim()) {
    const g = await generatedBackground(signal, place, seed);
    if (g) made.push(g.blobId);
    if (g) return g;
  }
  return undefined; // plain: no background beats a wrong one (the hits stay for "Next background")
}

export async function draftBoard(
  signal: AbortSignal,
  projectId: string,
  story: string,
  characters: CharacterRecord[],
  o: BoardOptions,
  hooks: BoardHooks = {},
): Promise<StoryBoard> {
  if (story.length > MAX_BOARD_CHARS)
    throw new BoardError('generate.board.tooLong', { n: story.length, max: MAX_BOARD_CHARS });
  const plans = planStoryboard(story, characters);
  if (!plans.length) throw new BoardError('generate.story.empty');
  if (plans.length > MAX_PANELS) throw new BoardError('generate.story.tooMany', { n: plans.length, max: MAX_PANELS });
  if (characters.length && plans.every((p) => !p.characters.length)) hooks.onNote?.('generate.board.noNames');
  const queries = plans.map((p) => p.place || p.text);
  const hits = (await searchPlaces(signal, queries, 5)).map((hs) => hs.map(toHit));
  if (hits.every((h) => !h.length))
    hooks.onNote?.(o.fill ? 'generate.board.emptyLibraryFill' : 'generate.board.emptyLibrary');
  const previous = await getBoard(projectId);
  const board: StoryBoard = { story, panels: [], updatedAt: Date.now() };
  return releasingOnFailure(projectId, (made) =>
    draftPanels({ signal, projectId, characters, o, hooks, made }, board, plans, hits, previous),
  );
}

/**
 * Runs `work`, which records in `made` the placeholder blobs it stores; if it fails or is cancelled,
 * those the stored board does not show are deleted before the error goes on (no orphan bytes).
 */
async function releasingOnFailure<T>(projectId: string, work: (made: string[]) => Promise<T>): Promise<T> {
  const made: string[] = [];
  try {
    return await work(made);
  } catch (e) {
    await releaseBoardBlobs(projectId, made).catch(() => undefined); // the draft's own error is the one to show
    throw e;
  }
}

interface DraftRun {
  signal: AbortSignal;
  projectId: string;
  characters: CharacterRecord[];
  o: BoardOptions;
  hooks: BoardHooks;
  /** Placeholder blobs this run stored (see releasingOnFailure). */
  made: string[];
}

async function draftPanels(
  run: DraftRun,
  board: StoryBoard,
  plans: BoardPlan[],
  hits: BoardHit[][],
  previous: StoryBoard | null,
): Promise<StoryBoard> {
  const { signal, projectId, characters, hooks } = run;
  const kept = keptPanels(previous?.panels ?? [], plans);
  const keepBlobs = kept.flatMap((p) => (p?.layout.background ? [p.layout.background.blobId] : []));
  let after: string | undefined;
  const generated = new Map<string, PanelLayout['background']>();
  const plain: number[] = [];
  for (let i = 0; i < plans.length; i++) {
    const keep = kept[i];
    const draft = keep
      ? { ...keep, plan: { ...keep.plan, index: i }, gapAfter: gapAfter(plans, i) }
      : await freshPanel(run, plans, hits, i, generated, plain);
    const { panel, image } = await composeBoardPanel(signal, draft, characters, i);
    for (const c of panel.cutouts ?? [])
      if (c.method === 'box') hooks.onNote?.('generate.board.noFigure', { name: c.name });
    const landed = await landDraftPanel(projectId, image, i === 0 ? { replacing: boardPanelIds(previous) } : { after });
    after = landed.panel.id;
    board.panels.push({ ...panel, panelId: landed.panel.id });
    // the first save drops the previous board's placeholders (not those of the edited panels kept)
    const dropped = await saveBoard(projectId, board, [], keepBlobs);
    if (previous && landed.removed)
      hooks.onReplaced?.({ projectId, previous, removed: landed.removed, blobs: dropped });
    hooks.onPanel?.(i, board);
  }
  if (plain.length) hooks.onNote?.('generate.board.weakMatch', { panels: plain.join(', ') });
  const n = kept.filter(Boolean).length;
  if (n) hooks.onNote?.('generate.board.keptEdits', { n });
  return board;
}

/** A new panel for plan `i`: its layout and background (library match, placeholder, or none). */
async function freshPanel(
  run: DraftRun,
  plans: BoardPlan[],
  hits: BoardHit[][],
  i: number,
  generated: Map<string, PanelLayout['background']>,
  plain: number[],
): Promise<BoardPanel> {
  const plan = plans[i];
  const layout = layoutPanel(plan);
  const q = plan.place || plan.text;
  const bg =
    generated.get(q) ?? (await backgroundFor(run.signal, hits[i], plan.place, run.o, run.o.baseSeed + i, run.made));
  if (bg?.generated) generated.set(q, bg);
  if (bg) layout.background = bg;
  else if (hits[i].length) plain.push(i + 1);
  return { plan, layout, hits: hits[i], gapAfter: gapAfter(plans, i), take: 0 };
}

/**
 * Regenerates one panel: re-planned from its text (characters, dialogue, shot, place), searched
 * again, a fresh layout (character moves and text edits of this panel are dropped), take + 1 (a new
 * seed for a generated background).
 */
export async function regenerateBoardPanel(
  signal: AbortSignal,
  projectId: string,
  board: StoryBoard,
  index: number,
  characters: CharacterRecord[],
  o: BoardOptions,
): Promise<StoryBoard> {
  const old = board.panels[index];
  if (!old) throw new RangeError(`No storyboard panel ${index + 1}`);
  // Re-planned in its story (a kept place, a conversation's cast and turns: planStoryboard), or —
  // when the story no longer holds it there — from its own text, keeping its place if it had none.
  const inStory = planStoryboard(board.story, characters).find(
    (p) => p.index === old.plan.index && p.text === old.plan.text,
  );
  const plan = inStory
    ? inStory // its story index: found again after a reorder
    : {
        ...planPanel(old.plan.text, characters, index),
        ...(old.plan.placeFrom !== undefined && !planPanel(old.plan.text, characters).place
          ? { place: old.plan.place, placeFrom: old.plan.placeFrom }
          : {}),
      };
  const [hs] = await searchPlaces(signal, [plan.place || plan.text], 5);
  const hits = hs.map(toHit);
  const take = old.take + 1;
  const layout = layoutPanel(plan);
  return releasingOnFailure(projectId, async (made) => {
    const bg = await backgroundFor(signal, hits, plan.place, o, o.baseSeed + index + take * 1_000_003, made);
    if (bg) layout.background = bg;
    const { edited: _edits, ...fresh } = old; // a fresh take: a later re-draft may redo it
    return updateBoardPanel(signal, projectId, board, index, { ...fresh, plan, layout, hits, take }, characters);
  });
}
