/**
 * The hint editing of the selected panel (no DOM): its undo history, whether its stored state has
 * been read yet, and the debounced store of hints + history + settings before a re-apply.
 *
 * Until a panel's stored hints are read (`loaded`), `canEdit` is false: the view shows no hints
 * and takes no edit, so an edit made in that instant can never store panel A's hints — or an
 * empty list — over panel B's.
 */
import type { Hint } from '../../core/color/hints';
import type { PanelKind } from '../../core/regions';
import type { HintState } from '../../store/hints';
import { HintHistory } from './history';

/** Debounce of a hint change before the re-apply (coalesces quick edits; the re-apply is fast). */
export const RECOLOR_MS = 80;

export class HintSession {
  history = new HintHistory();
  private loadedFor = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Another panel is being selected: no edits until its stored state is `loaded`. */
  reset(): void {
    this.history = new HintHistory();
    this.loadedFor = '';
  }

  loaded(panelId: string, st: HintState): void {
    this.history = new HintHistory(st.hints, 100, st);
    this.loadedFor = panelId;
  }

  /** True once panel `panelId`'s stored hints are read (its edits may be stored). */
  canEdit(panelId: string): boolean {
    return panelId !== '' && this.loadedFor === panelId;
  }

  /** The state to store: the hints, this history and the panel's flats settings. */
  stateOf(hints: Hint[], gap: number, kind: PanelKind | '', auto = false, smoothTones = false): HintState {
    return {
      hints,
      ...this.history.saved,
      gap,
      ...(kind ? { kind } : {}),
      ...(auto ? { auto } : {}),
      ...(smoothTones ? { smoothTones } : {}),
    };
  }

  /**
   * After a run of `ran`: the list without the hints a later bucket replaced in every region they
   * fill (`replaced`, src/core/regions/split.ts replacedHints), put in place of the current state
   * without a new undo step (undoing the bucket brings them back). Null when nothing changes or
   * the list was edited since the run (`current` is no longer `ran`).
   */
  dropReplaced(ran: Hint[], current: Hint[], replaced: readonly number[]): Hint[] | null {
    if (!replaced.length || ran !== current || this.history.hints !== current) return null;
    const gone = new Set(replaced);
    return this.history.amend(ran.filter((_, i) => !gone.has(i)));
  }

  /** Runs `write` after RECOLOR_MS; a newer call within that time replaces it (quick edits coalesce). */
  soon(write: () => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(write, RECOLOR_MS);
  }
}
