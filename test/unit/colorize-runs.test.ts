// Colorize view seams without a DOM: the per-panel run queue (coalescing, cancel means cancel),
// the flats request (saved settings, defaults, backend override) and the run report (notices,
// facts, data- attributes, shown once) and the hint session (no edit before the stored hints are
// read, the state stored, the debounced save).
import { describe, expect, it, vi } from 'vitest';
import { RunQueue } from '../../src/features/colorize/run-queue';
import { backendPreference, flatsRequest, GAP_DEFAULT } from '../../src/features/colorize/flats-request';
import type { Hint } from '../../src/core/color/hints';
import { announceRun, runDataset, runFacts, runNotices, type RunResult } from '../../src/features/colorize/run-report';
import { HintSession, RECOLOR_MS } from '../../src/features/colorize/hint-session';
import { dismiss, getNotices } from '../../src/app/notifier';

/** A run that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return { done, open };
}

describe('RunQueue', () => {
  it('runs a panel once at a time and coalesces requests made meanwhile into one re-run', async () => {
    const gates = [gate(), gate()];
    const started: string[] = [];
    const q = new RunQueue(async (id) => {
      started.push(id);
      await gates[started.length - 1].done;
    });
    const first = q.run('a');
    expect(q.isRunning('a')).toBe(true);
    // three requests while 'a' runs: the same promise, one queued re-run
    expect(q.run('a')).toBe(first);
    expect(q.run('a')).toBe(first);
    expect(q.run('a')).toBe(first);
    expect(started).toEqual(['a']);
    gates[0].open();
    await first;
    expect(started).toEqual(['a', 'a']);
    gates[1].open();
    await vi.waitFor(() => expect(q.isRunning('a')).toBe(false));
    expect(started).toEqual(['a', 'a']); // nothing queued after the re-run
  });

  it('runs different panels side by side', async () => {
    const g = gate();
    const started: string[] = [];
    const q = new RunQueue(async (id) => {
      started.push(id);
      await g.done;
    });
    const a = q.run('a');
    const b = q.run('b');
    expect(started).toEqual(['a', 'b']);
    g.open();
    await Promise.all([a, b]);
    expect(q.isRunning('a') || q.isRunning('b')).toBe(false);
  });

  it('cancel drops the queued re-run and marks the panel until resume', async () => {
    const g = gate();
    let runs = 0;
    const q = new RunQueue(async (id) => {
      runs++;
      await g.done;
      if (runs === 1) q.cancel(id); // the user pressed Cancel during the first run
    });
    const first = q.run('a');
    void q.run('a'); // a hint arrived meanwhile: would re-run…
    g.open();
    await first;
    await Promise.resolve();
    expect(runs).toBe(1); // …but cancel means cancel
    expect(q.isCancelled('a')).toBe(true);
    q.resume('a');
    expect(q.isCancelled('a')).toBe(false);
    await q.run('a');
    expect(runs).toBe(2);
  });

  it('runs a preview unless a stored run was asked; a stored request during any run makes the re-run store', async () => {
    const gates = [gate(), gate(), gate()];
    const runs: [string, boolean][] = [];
    const q = new RunQueue(async (id, store) => {
      runs.push([id, store]);
      await gates[runs.length - 1].done;
    });
    const preview = q.run('a'); // selection: a preview
    expect(runs).toEqual([['a', false]]);
    void q.run('a', true); // the user hinted while it ran
    void q.run('a'); // and a preview request meanwhile does not downgrade it
    gates[0].open();
    await preview;
    expect(runs).toEqual([
      ['a', false],
      ['a', true],
    ]);
    gates[1].open();
    await vi.waitFor(() => expect(q.isRunning('a')).toBe(false));
    gates[2].open();
    await q.run('a'); // selected again: a preview again, the stored request was used up
    expect(runs.at(-1)).toEqual(['a', false]);
  });

  it('cancel drops a queued stored re-run too', async () => {
    const g = gate();
    const runs: boolean[] = [];
    const q = new RunQueue(async (id, store) => {
      runs.push(store);
      await g.done;
      if (runs.length === 1) q.cancel(id);
    });
    const first = q.run('a', true);
    void q.run('a', true);
    g.open();
    await first;
    await Promise.resolve();
    expect(runs).toEqual([true]);
    q.resume('a');
    await q.run('a');
    expect(runs).toEqual([true, false]); // the dropped stored request does not come back
  });

  it('a failed run is not running any more and still honours a queued re-run', async () => {
    let runs = 0;
    const q = new RunQueue(async () => {
      runs++;
      await Promise.resolve();
      if (runs === 1) throw new Error('boom');
    });
    const first = q.run('a');
    void q.run('a');
    await expect(first).rejects.toThrow('boom');
    await Promise.resolve();
    expect(runs).toBe(2);
  });
});

describe('flatsRequest', () => {
  const image = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
  const hint: Hint = { kind: 'point', x: 1, y: 2, radius: 3, rgb: [1, 2, 3] };

  it('carries the hints, gap, kind and auto switch, keyed by the original blob', () => {
    const req = flatsRequest('blob-1', image, { hints: [hint], gap: 5, kind: 'lineart', auto: true }, {});
    expect(req).toEqual({ key: 'blob-1', image, hints: [hint], gap: 5, kind: 'lineart', auto: true });
  });

  it('defaults the gap, leaves the kind to detection and adds the backend override', () => {
    // a record without `auto` (saved before it was per panel) asks for no automatic colours
    const req = flatsRequest('blob-2', image, { hints: [] }, { backend: 'wasm' });
    expect(req).toEqual({ key: 'blob-2', image, hints: [], gap: GAP_DEFAULT, auto: false, backend: 'wasm' });
    expect('kind' in req).toBe(false);
    expect(flatsRequest('b', image, { hints: [], smoothTones: true }, {}).smoothTones).toBe(true);
  });

  it('reads the benchmark override from storage and ignores anything else', () => {
    const store = (v: string | null) => ({ getItem: () => v });
    expect(backendPreference(store('webgpu'))).toEqual({ backend: 'webgpu' });
    expect(backendPreference(store('wasm'))).toEqual({ backend: 'wasm' });
    expect(backendPreference(store('cuda'))).toEqual({});
    expect(backendPreference(store(null))).toEqual({});
    expect(backendPreference(undefined)).toEqual({});
  });
});

describe('run report', () => {
  const res = (over: Partial<RunResult> = {}): RunResult => ({
    width: 8,
    height: 8,
    kind: 'gray',
    detectedKind: 'gray',
    regions: 12,
    hintedRegions: 3,
    divided: 0,
    capped: false,
    cappedBoxes: [],
    cappedGaps: [],
    wasColor: false,
    outsideHints: [],
    onLineHints: [],
    replacedHints: [],
    paperRegions: 0,
    paperSpread: 0,
    halftoneRegions: 0,
    smoothTones: false,
    lineThreshold: 0.5,
    built: true,
    backend: 'wasm',
    tiles: 0,
    ms: { decode: 1, regions: 2.25, fill: 0.5, composite: 0.25, encode: 1, total: 6.04 },
    ...over,
  });

  it('says nothing about an ordinary run', () => {
    expect(runNotices('p', 'a.png', 3, res())).toEqual([]);
  });

  it('warns once per panel, region count and gap; the outside-hints notice every time', () => {
    const out = runNotices('p', 'a.png', 5, res({ wasColor: true, capped: true, outsideHints: [0, 2], regions: 1 }));
    expect(out.map((n) => n.once)).toEqual(['p|1|color', undefined, 'p|1|cap5', 'p|1|none5']);
    expect(out.every((n) => n.kind === 'info' && n.message.length > 0)).toBe(true);
    expect(out[1].message).toContain('2');
    expect(out[2].message).toContain('a.png');
    // the same warning on another gap is a new one
    expect(runNotices('p', 'a.png', 6, res({ capped: true }))[0].once).toBe('p|12|cap6');
    // the selected panel shows its line warnings under its picture: no notice repeats them
    expect(runNotices('p', 'a.png', 5, res({ capped: true, regions: 1 }), true, true)).toEqual([]);
  });

  it('says once per panel that filled white paper stays white in "keep tones", and not for a preview', () => {
    const out = runNotices('p', 'a.png', 3, res({ paperRegions: 2 }));
    expect(out.map((n) => n.once)).toEqual(['p|12|paper']);
    expect(out[0].message).toContain('a.png');
    expect(out[0].message).toContain('2');
    expect(runNotices('p', 'a.png', 3, res({ paperRegions: 2 }), false)).toEqual([]);
  });

  it('says a hint sits on a line when it is made, not again in the preview a reopening runs', () => {
    const out = runNotices('p', 'a.png', 3, res({ onLineHints: [1] }));
    expect(out.map((n) => n.once)).toEqual(['p|12|line1']);
    expect(runNotices('p', 'a.png', 3, res({ onLineHints: [1] }), false)).toEqual([]);
  });

  it('says once per panel when a fill spread over blank paper it cannot show (a leak kept tones hide)', () => {
    const out = runNotices('p', 'a.png', 3, res({ paperSpread: 0.55 }));
    expect(out.map((n) => n.once)).toEqual(['p|12|spread']);
    expect(out[0].message).toContain('55%');
    expect(out[0].message).toContain('a.png');
    expect(runNotices('p', 'a.png', 3, res({ paperSpread: 0.55 }), false)).toEqual([]);
  });

  it('says once per panel that coloured screentone shows on the dots only, unless it was smoothed', () => {
    const out = runNotices('p', 'a.png', 3, res({ halftoneRegions: 1 }));
    expect(out.map((n) => n.once)).toEqual(['p|12|halftone']);
    expect(out[0].message).toContain('a.png');
    expect(runNotices('p', 'a.png', 3, res({ halftoneRegions: 1, smoothTones: true }))).toEqual([]);
    expect(runNotices('p', 'a.png', 3, res({ halftoneRegions: 1 }), false)).toEqual([]);
  });

  it('says once per panel and set of hints that a hint on a line filled the shape beside it', () => {
    const out = runNotices('p', 'a.png', 3, res({ onLineHints: [1] }));
    expect(out.map((n) => n.once)).toEqual(['p|12|line1']);
    expect(out[0].message).toContain('a.png');
    expect(runNotices('p', 'a.png', 3, res({ onLineHints: [1, 3] }))[0].once).toBe('p|12|line1,3');
  });

  it('states the facts and the data- attributes of the run', () => {
    expect(runFacts(res())).toEqual({
      regions: 12,
      hinted: 3,
      capped: false,
      cappedBoxes: [],
      cappedGaps: [],
      kind: 'gray',
    });
    expect(runDataset('p', 4, res({ kind: 'lineart', backend: undefined, tiles: 2 }))).toEqual({
      backend: 'none',
      regionsMs: '2.3',
      reapplyMs: '0.8',
      modelMs: '3.0',
      totalMs: '6.0',
      regions: '12',
      kind: 'lineart',
      tiles: '2',
      run: 'stored',
      runPanel: 'p',
      resultHints: 'p:4',
    });
    // a preview stored nothing: no resultHints (they describe the stored result)
    const preview = runDataset('p', 0, res(), false);
    expect(preview.run).toBe('preview');
    expect('resultHints' in preview).toBe(false);
  });

  it('a preview does not claim the colour panel was converted; the stored run does, and the warnings stay', () => {
    const colour = res({ wasColor: true, capped: true });
    expect(runNotices('p', 'a.png', 3, colour, false).map((n) => n.once)).toEqual(['p|12|cap3']);
    expect(runNotices('p', 'a.png', 3, colour, true).map((n) => n.once)).toEqual(['p|12|color', 'p|12|cap3']);
  });
});

describe('announceRun', () => {
  it('shows a once-keyed notice once per key and an unkeyed one every time (repeats merge into a count)', () => {
    for (const n of getNotices()) dismiss(n.id);
    const shown = new Set<string>();
    const notices = [
      { kind: 'info' as const, message: 'capped', once: 'p|4|cap3' },
      { kind: 'info' as const, message: 'outside' },
    ];
    announceRun(shown, notices);
    announceRun(shown, notices);
    expect(getNotices().map((n) => [n.message, n.count])).toEqual([
      ['capped', 1],
      ['outside', 2],
    ]);
    expect([...shown]).toEqual(['p|4|cap3']);
    for (const n of getNotices()) dismiss(n.id);
  });
});

describe('HintSession', () => {
  const hint: Hint = { kind: 'point', x: 1, y: 2, rgb: [10, 20, 30], radius: 4 };

  it("takes no edit until the panel's stored hints are read, and none for another panel", () => {
    const s = new HintSession();
    expect(s.canEdit('')).toBe(false);
    expect(s.canEdit('a')).toBe(false);
    s.loaded('a', { hints: [hint], past: [[]], future: [] });
    expect(s.canEdit('a')).toBe(true);
    expect(s.canEdit('b')).toBe(false);
    expect(s.history.canUndo).toBe(true);
    s.reset();
    expect(s.canEdit('a')).toBe(false);
    expect(s.history.canUndo).toBe(false);
  });

  it('stores the hints with the history and the settings (kind only when overridden)', () => {
    const s = new HintSession();
    s.loaded('a', { hints: [], past: [], future: [] });
    const next = s.history.push([hint]);
    expect(s.stateOf(next, 5, '')).toEqual({ hints: [hint], past: [[]], future: [], gap: 5 });
    expect(s.stateOf(next, 3, 'lineart')).toEqual({ hints: [hint], past: [[]], future: [], gap: 3, kind: 'lineart' });
    expect(s.stateOf(next, 3, '', true)).toEqual({ hints: [hint], past: [[]], future: [], gap: 3, auto: true });
    expect(s.stateOf(next, 3, '', false)).toEqual({ hints: [hint], past: [[]], future: [], gap: 3 });
    expect(s.stateOf(next, 3, '', false, true)).toEqual({
      hints: [hint],
      past: [[]],
      future: [],
      gap: 3,
      smoothTones: true,
    });
  });

  it('drops the hints a bucket replaced from the current state, in the same undo step', () => {
    const s = new HintSession();
    s.loaded('a', { hints: [], past: [], future: [] });
    const bucket: Hint = { ...hint, x: 5, radius: 1, fill: true };
    s.history.push([hint]);
    const ran = s.history.push([hint, bucket]);
    expect(s.dropReplaced(ran, ran, [])).toBeNull();
    expect(s.dropReplaced(ran, [hint], [0])).toBeNull(); // edited since the run: left as it is
    expect(s.dropReplaced(ran, ran, [0])).toEqual([bucket]);
    expect(s.history.hints).toEqual([bucket]);
    expect(s.stateOf(s.history.hints, 3, '')).toEqual({ hints: [bucket], past: [[], [hint]], future: [], gap: 3 });
    expect(s.history.undo()).toEqual([hint]); // undoing the bucket's step brings the dropped hint back
    expect(s.history.redo()).toEqual([bucket]);
  });

  it('coalesces saves made within the debounce into the last one', () => {
    vi.useFakeTimers();
    try {
      const s = new HintSession();
      const wrote: number[] = [];
      s.soon(() => wrote.push(1));
      vi.advanceTimersByTime(RECOLOR_MS - 1);
      s.soon(() => wrote.push(2));
      vi.advanceTimersByTime(RECOLOR_MS - 1);
      expect(wrote).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(wrote).toEqual([2]);
      s.soon(() => wrote.push(3));
      vi.advanceTimersByTime(RECOLOR_MS);
      expect(wrote).toEqual([2, 3]);
    } finally {
      vi.useRealTimers();
    }
  });
});
