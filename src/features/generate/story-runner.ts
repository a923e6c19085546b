/**
 * Story mode, main-thread logic (no DOM): plan → check every panel text first (nothing is drawn
 * or stored if one is refused) → draw panel by panel in the diffusion worker, storing each as a
 * panel of the project as it lands (and the draft in src/store/story.ts) → regenerate one panel
 * in place with its next take's seed. A re-draft replaces the previous draft's panels in the
 * strip when its first panel lands (`onReplaced` hands over the undo). A panel that names a character takes that character's
 * look from its image — as an image prompt (models with `imagePrompt`: the picture becomes extra
 * context tokens), as the img2img start at `strength`, or both (`look`) — and carries its palette
 * name. A model without an image prompt always starts from the image.
 */
import {
  decodeInitImage,
  panelPng,
  promptProblem,
  type GenerateResult,
  type StepProgress,
} from '../../bridge/diffusion';
import {
  draftPanels,
  lookFor,
  lookUses,
  MAX_PANELS,
  panelSeed,
  planStory,
  treatmentProblem,
  type CharacterLook,
} from '../../core/story';
import { getBlob, toBlob } from '../../store/blobs';
import type { CharacterRecord } from '../../store/characters';
import { addPanels, getPanel, replacePanels } from '../../store/panels';
import {
  draftPanelIds,
  getStory,
  landDraftPanel,
  saveStory,
  type RedraftUndo,
  type StoryDraft,
  type StoryPanel,
} from '../../store/story';
import { generateOnDevice } from './gpu-loss';
import { resolveInit } from './init-source';
import { ensureLoaded, modelInfo } from './model-state';

export class StoryError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'StoryError';
  }
}

export interface StorySettings {
  baseSeed: number;
  steps: number;
  guidance: number;
  strength: number;
  /** Panels naming no character start from their best library match (init-source.ts). */
  libraryRefs?: boolean;
  /** How a named character's image is used (default 'start': what drafts before image prompts did). */
  look?: CharacterLook;
}

export interface StoryHooks {
  onStep?: (index: number, p: StepProgress) => void;
  onPanel?: (index: number, draft: StoryDraft) => void;
  /** A re-draft's first panel landed and replaced the previous draft's panels: how to undo it. */
  onReplaced?: (undo: RedraftUndo) => void;
}

type Pixels = GenerateResult['image'];

async function characterImage(signal: AbortSignal, c: CharacterRecord, cache: Map<string, Pixels>): Promise<Pixels> {
  const hit = cache.get(c.id);
  if (hit) return hit;
  const rec = await getBlob(c.blobId);
  if (!rec) throw new StoryError('generate.story.noImage', { name: c.name });
  const img = await decodeInitImage(signal, toBlob(rec));
  cache.set(c.id, img);
  return img;
}

interface Start {
  init?: Pixels;
  imagePrompt?: Pixels;
  panel: StoryPanel;
}

/**
 * How a panel is steered: its character's image (as image prompt and/or start, `look`), else
 * (when asked) its best library match as the start.
 */
async function startOf(
  signal: AbortSignal,
  p: StoryPanel,
  c: CharacterRecord | undefined,
  s: StorySettings,
  cache: Map<string, Pixels>,
): Promise<Start> {
  const { look: _l, ...plain } = p;
  if (c) {
    // What the worker really has loaded decides (modelInfo() can still describe the model as it
    // was restored at start-up, before the worker loaded it).
    const loaded = await ensureLoaded(signal);
    const look = lookFor(s.look, !!(loaded.imagePrompt ?? modelInfo()?.imagePrompt));
    const img = await characterImage(signal, c, cache);
    const uses = lookUses(look);
    return {
      ...(uses.start ? { init: img } : {}),
      ...(uses.imagePrompt ? { imagePrompt: img } : {}),
      panel: { ...plain, look },
    };
  }
  if (!s.libraryRefs) return { panel: plain };
  const hit = await resolveInit(signal, 'library', p.text);
  const { ref: _old, ...rest } = plain;
  return hit ? { init: hit.image, panel: { ...rest, ref: hit.name } } : { panel: rest };
}

async function draw(
  signal: AbortSignal,
  p: StoryPanel,
  s: StorySettings,
  start: Start,
  onStep: (x: StepProgress) => void,
) {
  await ensureLoaded(signal);
  const r = await generateOnDevice(
    signal,
    {
      prompt: p.text,
      steps: s.steps,
      guidance: s.guidance,
      seed: p.seed,
      ...(start.init ? { init: { image: start.init, strength: s.strength } } : {}),
      ...(start.imagePrompt ? { imagePrompt: start.imagePrompt } : {}),
    },
    onStep,
  );
  const bytes = await panelPng(signal, r.image);
  const name = `${p.text.slice(0, 40)} (seed ${p.seed}${p.palette ? `, palette ${p.palette}` : ''}).png`;
  return { bytes, type: 'image/png', width: r.image.width, height: r.image.height, sourceName: name };
}

/** Refuses the whole story (before drawing anything) if one panel text would be refused. */
async function checkAll(signal: AbortSignal, texts: string[]): Promise<void> {
  await ensureLoaded(signal);
  for (const [i, text] of texts.entries()) {
    const problem = treatmentProblem(text) ?? (await promptProblem(signal, text));
    if (problem) throw new StoryError(`generate.story.bad.${problem}`, { n: i + 1 });
  }
}

export async function draftStory(
  signal: AbortSignal,
  projectId: string,
  story: string,
  characters: CharacterRecord[],
  s: StorySettings,
  hooks: StoryHooks = {},
): Promise<StoryDraft> {
  const plan = planStory(story, characters, s.baseSeed);
  if (plan.length === 0) throw new StoryError('generate.story.empty');
  if (plan.length > MAX_PANELS) throw new StoryError('generate.story.tooMany', { n: plan.length, max: MAX_PANELS });
  await checkAll(
    signal,
    plan.map((p) => p.text),
  );
  const draft: StoryDraft = {
    story,
    ...s,
    panels: draftPanels(plan),
    updatedAt: Date.now(),
  };
  // The draft is saved once its first panel has landed: a story cancelled before that leaves
  // the previous draft (and its panels in the strip) as it was. The first panel that lands
  // replaces the previous draft's panels (in one transaction) and takes the place of the first
  // of them; the others follow it.
  const previous = await getStory(projectId);
  const cache = new Map<string, Pixels>();
  let after: string | undefined;
  for (const [i, p] of plan.entries()) {
    const start = await startOf(signal, draft.panels[i], p.characters[0], s, cache);
    draft.panels[i] = start.panel;
    const img = await draw(signal, start.panel, s, start, (x) => hooks.onStep?.(i, x));
    const { panel, removed } = await landDraftPanel(
      projectId,
      img,
      i === 0 ? { replacing: draftPanelIds(previous) } : { after },
    );
    after = panel.id;
    if (previous && removed) hooks.onReplaced?.({ projectId, previous, removed });
    draft.panels[i] = { ...draft.panels[i], panelId: panel.id };
    await saveStory(projectId, draft);
    hooks.onPanel?.(i, draft);
  }
  return draft;
}

/**
 * Redraws panel `index` with its next take's seed and the draft's settings — except the character
 * look, which may be chosen anew for this panel (`look`; default the draft's); the other panels
 * are not touched.
 */
export async function regeneratePanel(
  signal: AbortSignal,
  projectId: string,
  draft: StoryDraft,
  index: number,
  characters: CharacterRecord[],
  hooks: StoryHooks = {},
  look: CharacterLook | undefined = draft.look,
): Promise<StoryDraft> {
  const old = draft.panels[index];
  if (!old) throw new RangeError(`No story panel ${index + 1}`);
  const take = old.take + 1;
  const next: StoryPanel = { ...old, take, seed: panelSeed(draft.baseSeed, index, take) };
  const problem = treatmentProblem(next.text) ?? (await ensureLoaded(signal), await promptProblem(signal, next.text));
  if (problem) throw new StoryError(`generate.story.bad.${problem}`, { n: index + 1 });
  const c = old.init ? characters.find((x) => x.name.trim() === old.init) : undefined;
  const start = await startOf(signal, next, c, { ...draft, ...(look ? { look } : {}) }, new Map());
  const img = await draw(signal, start.panel, draft, start, (x) => hooks.onStep?.(index, x));
  const exists = old.panelId ? await getPanel(old.panelId) : undefined;
  const [panel] = exists
    ? (await replacePanels(projectId, [exists.id], [img])).added
    : await addPanels(projectId, [img]);
  const out: StoryDraft = {
    ...draft,
    panels: draft.panels.map((p, i) => (i === index ? { ...start.panel, panelId: panel.id } : p)),
  };
  await saveStory(projectId, out);
  hooks.onPanel?.(index, out);
  return out;
}
