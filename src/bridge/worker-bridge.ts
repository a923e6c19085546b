/**
 * Generic typed bridge to a comlink worker (after squoosh's worker-bridge):
 * - AbortSignal first in every call; aborting terminates the worker (the only way to stop
 *   a running WASM/WebGPU job) and rejects with an AbortError; the next call starts a fresh one.
 * - Jobs run one at a time in call order (serial queue).
 * - The worker is terminated after `idleMs` without work, freeing its memory.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';

export class AbortError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'AbortError';
  }
}

export interface WorkerBridge<Api> {
  /** Runs `job` against the worker once earlier jobs are done; aborts with `signal`. */
  run<T>(signal: AbortSignal | undefined, job: (api: Remote<Api>) => Promise<T>): Promise<T>;
  /** Terminates the worker now (pending jobs reject). */
  terminate(): void;
}

export function createWorkerBridge<Api>(
  makeWorker: () => Worker,
  { idleMs = 30_000 }: { idleMs?: number } = {},
): WorkerBridge<Api> {
  let worker: Worker | undefined;
  let remote: Remote<Api> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let generation = 0;
  const killers = new Set<(e: Error) => void>();

  function terminate(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = undefined;
    if (remote) remote[releaseProxy]();
    worker?.terminate();
    worker = undefined;
    remote = undefined;
    generation++;
  }

  function ensure(): Remote<Api> {
    if (!remote) {
      worker = makeWorker();
      const w = worker;
      // A worker that dies (crash, out of memory) rejects its pending jobs instead of hanging.
      w.addEventListener('error', (ev) => {
        ev.preventDefault();
        for (const kill of killers) kill(new Error(`Worker failed: ${ev.message || 'crashed'}`));
        if (worker === w) terminate();
      });
      remote = wrap<Api>(w);
    }
    return remote;
  }

  function run<T>(signal: AbortSignal | undefined, job: (api: Remote<Api>) => Promise<T>): Promise<T> {
    const result = queue.then(
      () =>
        new Promise<T>((resolve, reject) => {
          if (signal?.aborted) return reject(new AbortError());
          if (idleTimer) clearTimeout(idleTimer);
          const gen = generation;
          let settled = false;
          const finish = () => {
            settled = true;
            killers.delete(kill);
            signal?.removeEventListener('abort', onAbort);
            idleTimer = setTimeout(terminate, idleMs);
          };
          const kill = (e: Error) => {
            if (!settled) {
              finish();
              reject(e);
            }
          };
          const onAbort = () => {
            if (settled) return;
            finish();
            if (gen === generation) terminate();
            reject(new AbortError());
          };
          killers.add(kill);
          signal?.addEventListener('abort', onAbort, { once: true });
          job(ensure()).then(
            (v) => {
              if (!settled) {
                finish();
                resolve(v);
              }
            },
            (e: unknown) => kill(e instanceof Error ? e : new Error(String(e))),
          );
        }),
    );
    queue = result.catch(() => undefined);
    return result;
  }

  return { run, terminate };
}
