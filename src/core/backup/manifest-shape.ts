/**
 * The record shapes a backup manifest must have (pure; src/core/backup/format.ts `unpackBackup`
 * reads them before any cross reference or image): the project, panels (sizes within the import
 * limits, remembered gutters), blob entries, hints, palettes, and the optional story, characters
 * and storyboard. Answers the first malformed part's name, or null.
 */
import { LIMITS } from '../strip/limits';
import { isOptionalLook } from '../story/look';
import { isStoryBoard } from './storyboard-format';

export const isStr = (v: unknown): v is string => typeof v === 'string';
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A panel's optional remembered gutter (`PanelGap`): whole px in 0..maxHeight and a `#rrggbb` colour. */
const isOptGap = (v: unknown): boolean =>
  v === undefined ||
  (isObj(v) &&
    isNum(v.height) &&
    Number.isInteger(v.height) &&
    v.height >= 0 &&
    v.height <= LIMITS.maxHeight &&
    isStr(v.color) &&
    /^#[0-9a-f]{6}$/i.test(v.color));

/** A whole number of pixels in 1..max. */
const isPx = (v: unknown, max: number): boolean => isNum(v) && Number.isInteger(v) && v >= 1 && v <= max;

/** The first malformed part of manifest `m` ('project', 'panel', 'story', …), or null. */
export function shapeProblem(m: Record<string, unknown>): string | null {
  const p = m.project;
  if (!isObj(p) || !isStr(p.id) || !isStr(p.name) || !Array.isArray(p.panelIds) || !p.panelIds.every(isStr))
    return 'project';
  if (!Array.isArray(m.panels) || !Array.isArray(m.blobs)) return 'lists';
  if (!Array.isArray(m.hints) || !Array.isArray(m.palettes)) return 'lists';
  for (const x of m.panels) {
    if (
      !isObj(x) ||
      !isStr(x.id) ||
      x.projectId !== p.id ||
      !isStr(x.originalBlobId) ||
      !isStr(x.sourceName) ||
      !isPx(x.width, LIMITS.maxWidth) ||
      !isPx(x.height, LIMITS.maxHeight) ||
      !isOptStr(x.resultBlobId)
    )
      return 'panel';
    if (!isOptGap(x.gapBefore) || !isOptGap(x.gapAfter)) return 'panel gap';
  }
  for (const b of m.blobs) {
    if (!isObj(b) || !isStr(b.id) || !isStr(b.type) || !isNum(b.size) || !isStr(b.sha256) || !isStr(b.path))
      return 'blob entry';
  }
  for (const h of m.hints) if (!isObj(h) || !isStr(h.id) || !isStr(h.panelId)) return 'hint';
  for (const h of m.palettes) if (!isObj(h) || !isStr(h.id) || h.projectId !== p.id) return 'palette';
  if (m.story !== undefined && m.story !== null && !isStoryDraft(m.story)) return 'story';
  if (m.characters !== undefined) {
    if (!Array.isArray(m.characters)) return 'characters';
    for (const c of m.characters) if (!isCharacter(c)) return 'character';
  }
  if (m.storyboard !== undefined && m.storyboard !== null && !isStoryBoard(m.storyboard)) return 'storyboard';
  return null;
}

const isOptStr = (v: unknown): boolean => v === undefined || isStr(v);

function isStoryPanel(v: unknown): boolean {
  return (
    isObj(v) &&
    isStr(v.text) &&
    isNum(v.seed) &&
    isNum(v.take) &&
    Array.isArray(v.characters) &&
    v.characters.every(isStr) &&
    isOptStr(v.palette) &&
    isOptStr(v.init) &&
    isOptionalLook(v.look) &&
    isOptStr(v.ref) &&
    isOptStr(v.panelId)
  );
}

function isStoryDraft(v: unknown): boolean {
  return (
    isObj(v) &&
    isStr(v.story) &&
    isNum(v.baseSeed) &&
    isNum(v.steps) &&
    isNum(v.guidance) &&
    isNum(v.strength) &&
    (v.libraryRefs === undefined || typeof v.libraryRefs === 'boolean') &&
    isOptionalLook(v.look) &&
    Array.isArray(v.panels) &&
    v.panels.every(isStoryPanel) &&
    isNum(v.updatedAt)
  );
}

function isCharacter(v: unknown): boolean {
  return (
    isObj(v) &&
    isStr(v.id) &&
    isStr(v.name) &&
    isStr(v.blobId) &&
    isOptStr(v.paletteId) &&
    isOptStr(v.paletteName) &&
    isNum(v.createdAt)
  );
}
