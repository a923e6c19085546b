/**
 * The ONE error protocol of every worker (the error class: src/core/errors/worker-error.ts): a failure the user should read is thrown as an Error
 * carrying a `code` (a stable string the page translates, never its English message) and
 * `params` (structured-cloneable values for the message: file names, sizes, problem lists).
 *
 * Comlink sends only `name`, `message` and `stack` of a thrown Error; importing this module
 * (every worker does, through workers/runtime/index.ts or directly) replaces comlink's 'throw'
 * handler so `code` and `params` cross too. The page needs nothing: comlink rebuilds the error
 * with `Object.assign(new Error(message), value)`, so `code` and `params` are there, and
 * `workerErrorOf(e)` reads them back.
 *
 * Answers that are not failures (a lost GPU's `{ interrupted }`, a cancel's `{ cancelled }`, the
 * image worker's `{ ok: false, code }` for refused user files) stay typed answers.
 */
import { transferHandlers } from 'comlink';

import { workerErrorOf, type ErrorParams } from '../../src/core/errors/worker-error';

export { WorkerError, workerErrorOf, type ErrorParams } from '../../src/core/errors/worker-error';

interface ThrowSerialized {
  isError: boolean;
  value: unknown;
}

const base = transferHandlers.get('throw') as
  | {
      canHandle(v: unknown): boolean;
      serialize(v: unknown): [ThrowSerialized, Transferable[]];
      deserialize(s: ThrowSerialized): never;
    }
  | undefined;

if (base) {
  transferHandlers.set('throw', {
    canHandle: (v: unknown): v is unknown => base.canHandle(v),
    serialize(v: unknown): [ThrowSerialized, Transferable[]] {
      const [out, transfers] = base.serialize(v);
      const err = (v as { value?: unknown }).value;
      const coded = workerErrorOf(err);
      if (out.isError && coded && out.value && typeof out.value === 'object') {
        // params must be structured-cloneable: anything else is dropped rather than failing the answer
        let params: ErrorParams = coded.params;
        try {
          structuredClone(params);
        } catch {
          params = {};
        }
        out.value = { ...(out.value as object), code: coded.code, params };
      }
      return [out, transfers];
    },
    deserialize: (s: ThrowSerialized) => base.deserialize(s),
  });
}
