import { parentPort } from 'node:worker_threads';
import { RouterBundleError } from './bundleLoader';
import { OnnxRouterModel } from './onnxRouterModel';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

// Worker thread entry: owns the ONNX session so inference never blocks the extension host's thread.
let model: OnnxRouterModel | undefined;

function reply(message: WorkerResponse): void {
  parentPort?.postMessage(message);
}

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'load': {
      const started = performance.now();
      await model?.dispose();
      model = undefined;
      model = await OnnxRouterModel.load(request.dir, { intraOpNumThreads: request.intraOpNumThreads });
      reply({ type: 'loaded', id: request.id, bundle: model.bundle, loadMs: performance.now() - started });
      return;
    }
    case 'classify': {
      if (!model) throw new Error('the router model is not loaded');
      reply({ type: 'result', id: request.id, result: await model.classify(request.text) });
      return;
    }
    case 'crash':
      setImmediate(() => {
        throw new Error('crash drill requested');
      });
      return;
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).catch((error: unknown) => {
    reply({
      type: 'error',
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
      bundleError: error instanceof RouterBundleError,
    });
  });
});
