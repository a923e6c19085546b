/**
 * The error protocol of every worker (pure; installed on comlink by workers/runtime/errors.ts):
 * a failure the user should read is an Error with a stable `code` the page translates (never its
 * English message) and structured-cloneable `params` for the message.
 */
export type ErrorParams = Record<string, unknown>;

export class WorkerError extends Error {
  constructor(
    readonly code: string,
    readonly params: ErrorParams = {},
    message = code,
    name = 'WorkerError',
  ) {
    super(message);
    this.name = name;
  }
}

/** The code and params of an error (thrown here or rebuilt by comlink from a worker's), if it has a code. */
export function workerErrorOf(e: unknown): { code: string; params: ErrorParams } | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const { code, params } = e as { code?: unknown; params?: unknown };
  if (typeof code !== 'string') return undefined;
  return { code, params: params && typeof params === 'object' ? (params as ErrorParams) : {} };
}
