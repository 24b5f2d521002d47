import { parentPort } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CategorySet } from '../../common/categories';
import { DEFAULT_GATE_POLICY } from '../../common/teach/gate';
import { teachRouterSteps } from '../../common/teach/teachRouter';
import { prepareAnchorRows, prepareCanaryRows, prepareTeachRows } from '../../common/teach/teachRows';
import { DEFAULT_ADAPTER_TRAINING } from '../../common/teach/trainAdapter';
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
    case 'setAdapter': {
      if (!model) throw new Error('the router model is not loaded');
      model.setAdapter(request.adapter, request.version);
      reply({ type: 'adapterSet', id: request.id });
      return;
    }
    case 'teach': {
      if (!model) throw new Error('the router model is not loaded');
      const started = performance.now();
      const current = model;
      const scorer = (text: string): ReturnType<OnnxRouterModel['baseLogits']> => current.baseLogits(text);
      const categories = new CategorySet(current.bundle.categories);
      const prepared = await prepareTeachRows(request.items, categories, scorer);
      const canary = await prepareCanaryRows(request.canary, scorer);
      const anchors = await prepareAnchorRows(request.anchors ?? [], scorer);
      const steps = teachRouterSteps({
        rows: prepared.rows,
        canary,
        anchors,
        categories,
        base: current.adapterBase,
        policy: { ...DEFAULT_GATE_POLICY, ...request.policy },
        training: { ...DEFAULT_ADAPTER_TRAINING, ...request.training },
      });
      // One epoch at a time: classifications queued meanwhile are answered between epochs.
      for (let next = steps.next(); ; next = steps.next()) {
        if (next.done) {
          reply({ type: 'taught', id: request.id, outcome: next.value, unknownLabels: prepared.unknownLabels, trainMs: performance.now() - started });
          return;
        }
        await nextTurn();
      }
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
      errorName: error instanceof Error ? error.name : undefined,
    });
  });
});
