import { Worker } from 'node:worker_threads';
import type { RouterBundle } from '../../common/router/bundle';
import type { Classifier } from '../../common/routing/classifier';
import type { ClassifierResult } from '../../common/routing/decision';
import { AdapterMismatchError, type RouterAdapter } from '../../common/teach/adapter';
import { RouterBundleError } from './bundleLoader';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

export type RouterState = 'idle' | 'loading' | 'ready' | 'failed' | 'disposed';

export interface RouterServiceOptions {
  modelDir: string;
  /** The built worker script (dist/routerWorker.js); tests may pass the .ts file with a tsx execArgv. */
  workerPath: string;
  execArgv?: string[];
  /** Hard limit per call: a worker that does not answer in time is assumed hung and replaced. */
  callTimeoutMs?: number;
  loadTimeoutMs?: number;
  /** Crashes tolerated within `crashWindowMs` before the router stays failed. */
  maxRestarts?: number;
  crashWindowMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export class RouterCrashedError extends Error {
  override readonly name = 'RouterCrashedError';
}
export class RouterCallTimeoutError extends Error {
  override readonly name = 'RouterCallTimeoutError';
}

interface Pending {
  resolve: (response: WorkerResponse) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The router model behind a typed RPC to a worker thread: created on first use, time-boxed per call,
 * restarted after a crash or hang, disposable. Implements the policy's `Classifier`.
 */
export class RouterService implements Classifier {
  private worker: Worker | undefined;
  private loading: Promise<RouterBundle> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private crashes: number[] = [];
  private failure: Error | undefined;
  private stateValue: RouterState = 'idle';
  private readonly listeners = new Set<(state: RouterState) => void>();
  bundle: RouterBundle | undefined;
  lastLoadMs: number | undefined;
  /** The user adapter to apply; kept here so a restarted worker gets it back. */
  private adapter: { adapter: RouterAdapter; version?: string } | undefined;

  constructor(private options: RouterServiceOptions) {}

  get state(): RouterState {
    return this.stateValue;
  }

  get lastError(): Error | undefined {
    return this.failure;
  }

  onStateChange(listener: (state: RouterState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Loads the model if needed and returns its bundle (categories, parameter count, thresholds). */
  ensureLoaded(): Promise<RouterBundle> {
    if (this.stateValue === 'disposed') return Promise.reject(new Error('the router has been disposed'));
    if (this.failure) return Promise.reject(this.failure);
    this.loading ??= this.start();
    return this.loading;
  }

  async classify(text: string, signal?: AbortSignal): Promise<ClassifierResult> {
    await this.ensureLoaded();
    const response = await this.call({ type: 'classify', id: 0, text }, this.options.callTimeoutMs ?? 2000, signal);
    if (response.type !== 'result') throw new Error(`unexpected router reply "${response.type}"`);
    return response.result;
  }

  /**
   * Hot-swaps the user adapter (null removes it) in the running worker; a worker started later gets it
   * too. Rejects with AdapterMismatchError when it was trained for another model (the old one stays).
   */
  async setAdapter(adapter: RouterAdapter | null, version?: string): Promise<void> {
    if (this.worker && this.stateValue === 'ready') {
      await this.call({ type: 'setAdapter', id: 0, adapter, version }, this.options.callTimeoutMs ?? 2000);
    }
    this.adapter = adapter ? { adapter, version } : undefined;
  }

  get adapterVersion(): string | undefined {
    return this.adapter?.version;
  }

  /** Trains and gates an adapter in the worker (routing keeps being answered between epochs). */
  async teach(request: Omit<Extract<WorkerRequest, { type: 'teach' }>, 'type' | 'id'>, timeoutMs = 120_000): Promise<Extract<WorkerResponse, { type: 'taught' }>> {
    await this.ensureLoaded();
    const response = await this.call({ type: 'teach', id: 0, ...request }, timeoutMs);
    if (response.type !== 'taught') throw new Error(`unexpected router reply "${response.type}"`);
    return response;
  }

  /** Points the service at another bundle (settings change); the next call loads it. */
  setModelDir(modelDir: string): void {
    this.options = { ...this.options, modelDir };
    this.failure = undefined;
    this.crashes = [];
    this.stopWorker(new RouterCrashedError('the router model was replaced'));
    this.setState('idle');
  }

  /** Test/diagnostic drill: crash the worker thread. */
  crashForTest(): void {
    this.worker?.postMessage({ type: 'crash', id: 0 } satisfies WorkerRequest);
  }

  dispose(): void {
    this.stopWorker(new Error('the router has been disposed'));
    this.setState('disposed');
    this.listeners.clear();
  }

  private async start(): Promise<RouterBundle> {
    this.setState('loading');
    const worker = new Worker(this.options.workerPath, { execArgv: this.options.execArgv });
    this.worker = worker;
    worker.on('message', (message: WorkerResponse) => this.settle(message));
    worker.on('error', (error) => this.onWorkerDeath(worker, error));
    worker.on('exit', (code) => this.onWorkerDeath(worker, new Error(`the router worker exited with code ${code}`)));
    try {
      const response = await this.call(
        { type: 'load', id: 0, dir: this.options.modelDir, intraOpNumThreads: 1 },
        this.options.loadTimeoutMs ?? 15_000,
      );
      if (response.type !== 'loaded') throw new Error(`unexpected router reply "${response.type}"`);
      this.bundle = response.bundle;
      this.lastLoadMs = response.loadMs;
      await this.reapplyAdapter();
      this.setState('ready');
      this.options.log?.('info', `router model loaded from ${this.options.modelDir} in ${response.loadMs.toFixed(1)} ms`);
      return response.bundle;
    } catch (error) {
      this.loading = undefined;
      this.stopWorker(error as Error);
      if (error instanceof RouterBundleError) {
        this.failure = error;
        this.setState('failed');
      } else {
        this.setState('idle');
      }
      throw error;
    }
  }

  private async reapplyAdapter(): Promise<void> {
    if (!this.adapter) return;
    const { adapter, version } = this.adapter;
    try {
      await this.call({ type: 'setAdapter', id: 0, adapter, version }, this.options.callTimeoutMs ?? 2000);
    } catch (error) {
      if (!(error instanceof AdapterMismatchError)) throw error;
      // A model update makes an old adapter meaningless: route with the base model and say why.
      this.adapter = undefined;
      this.options.log?.('warn', `router adapter ${version ?? ''} not applied: ${error.message}`);
    }
  }

  private call(request: WorkerRequest, timeoutMs: number, signal?: AbortSignal): Promise<WorkerResponse> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new RouterCrashedError('the router worker is not running'));
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      const timer = setTimeout(() => {
        this.pending.delete(id);
        signal?.removeEventListener('abort', onAbort);
        reject(new RouterCallTimeoutError(`the router worker did not answer within ${timeoutMs} ms; restarting it`));
        this.options.log?.('warn', `router worker hung for ${timeoutMs} ms; restarting`);
        this.stopWorker(new RouterCallTimeoutError('the router worker was restarted after a hang'));
        if (this.stateValue !== 'failed') this.setState('idle');
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
        timer,
      });
      worker.postMessage({ ...request, id });
    });
  }

  private settle(message: WorkerResponse): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.type === 'error') {
      pending.reject(
        message.bundleError
          ? new RouterBundleError(message.message)
          : message.errorName === 'AdapterMismatchError'
            ? new AdapterMismatchError(message.message)
            : new Error(message.message),
      );
    } else {
      pending.resolve(message);
    }
  }

  private onWorkerDeath(worker: Worker, error: Error): void {
    if (worker !== this.worker) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < (this.options.crashWindowMs ?? 60_000)), now];
    this.options.log?.('error', `router worker crashed: ${error.message}`);
    this.stopWorker(new RouterCrashedError(`the router worker crashed: ${error.message}`));
    if (this.crashes.length > (this.options.maxRestarts ?? 3)) {
      this.failure = new RouterCrashedError(
        `the router worker crashed ${this.crashes.length} times in a minute; routing falls back to the generalist ` +
          'until the model is reloaded (run "CoE: Reload Router")',
      );
      this.setState('failed');
    } else {
      this.setState('idle');
    }
  }

  private stopWorker(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    this.loading = undefined;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(reason);
      this.pending.delete(id);
    }
    if (worker) void worker.terminate();
  }

  private setState(state: RouterState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    for (const listener of this.listeners) listener(state);
  }
}
