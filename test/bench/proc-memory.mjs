/**
 * Peak resident memory of this bench's Chromium processes, from Linux /proc (no CDP needed):
 * the descendants of this Node process whose command line has `--type=renderer` (the page and
 * its dedicated workers — WASM heaps included — live in one renderer) or `--type=gpu-process`
 * (WebGPU buffers, SwiftShader's too). `resetPeaks()` writes 5 to /proc/PID/clear_refs, which
 * resets VmHWM (peak RSS) to the current RSS; `peaks()` reads VmHWM afterwards.
 * Returns null values where /proc is unavailable (not Linux) or the reset is refused.
 */
import fs from 'node:fs';

function chromiumChildren() {
  const parent = new Map();
  let pids;
  try {
    pids = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const mine = (pid) => {
    for (let p = parent.get(pid), n = 0; p && n < 20; p = parent.get(p), n++) if (p === process.pid) return true;
    return false;
  };
  const out = [];
  for (const pid of parent.keys()) {
    if (!mine(pid)) continue;
    let cmd;
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const type = /--type=renderer/.test(cmd) ? 'renderer' : /--type=gpu-process/.test(cmd) ? 'gpu' : null;
    if (type) out.push({ pid, type });
  }
  return out;
}

function statusKiB(pid, field) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Resets peak RSS of the bench's renderer and GPU processes; false if any reset failed. */
export function resetPeaks() {
  let ok = true;
  for (const { pid } of chromiumChildren()) {
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      ok = false;
    }
  }
  return ok;
}

/** Peak RSS in MiB since the last reset: the largest renderer (the page's) and the GPU process. */
export function peaks() {
  const procs = chromiumChildren();
  const max = (type) => {
    const v = procs
      .filter((p) => p.type === type)
      .map((p) => statusKiB(p.pid, 'VmHWM'))
      .filter((x) => x !== null);
    return v.length ? Math.max(...v) / 1024 : null;
  };
  return { renderer: max('renderer'), gpu: max('gpu') };
}
