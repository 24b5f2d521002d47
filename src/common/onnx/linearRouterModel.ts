import {
  ONNX_INPUT_IDS,
  ONNX_INPUT_VALUES,
  ONNX_OUTPUT_CONTRIBUTIONS,
  ONNX_OUTPUT_LOGITS,
  ONNX_OUTPUT_PROBABILITIES,
} from '../router/bundle';
import { float32ToFloat16Bits } from './float16';
import {
  OnnxAttributeType,
  OnnxDataType,
  encodeModel,
  valueInfo,
  type NodeMessage,
  type TensorMessage,
} from './onnxProto';

/** Opset 17: supported by onnxruntime-node 1.30; ReduceSum and Unsqueeze take axes as inputs since 13. */
export const ROUTER_OPSET = 17;
const IR_VERSION = 8;

export type WeightPrecision = 'float32' | 'float16';

export interface LinearRouterWeights {
  /** Row-major [buckets, classes]: weight of hashed feature bucket b for class c at b * classes + c. */
  weights: Float32Array;
  /** Per-class intercept [classes]. */
  bias: Float32Array;
  buckets: number;
  classes: number;
}

export interface LinearRouterModelOptions {
  /** float16 halves the file; the Gather reads float16 rows and casts only the N gathered rows. */
  precision?: WeightPrecision;
  producerVersion?: string;
  /** Stored as ONNX metadata_props (e.g. featurizer name and version). */
  metadata?: Record<string, string>;
}

function checkShapes(model: LinearRouterWeights): void {
  const { weights, bias, buckets, classes } = model;
  if (!Number.isInteger(buckets) || buckets < 1) throw new Error(`buckets must be a positive integer, got ${buckets}`);
  if (!Number.isInteger(classes) || classes < 1) throw new Error(`classes must be a positive integer, got ${classes}`);
  if (weights.length !== buckets * classes) {
    throw new Error(`weights has ${weights.length} values; expected buckets × classes = ${buckets * classes}`);
  }
  if (bias.length !== classes) throw new Error(`bias has ${bias.length} values; expected ${classes}`);
}

function weightTensor(model: LinearRouterWeights, precision: WeightPrecision): TensorMessage {
  const dims = [model.buckets, model.classes];
  if (precision === 'float32') {
    const raw = new Uint8Array(model.weights.length * 4);
    const view = new DataView(raw.buffer);
    model.weights.forEach((w, i) => view.setFloat32(i * 4, w, true));
    return { name: 'W', dims, dataType: OnnxDataType.FLOAT, rawData: raw };
  }
  const raw = new Uint8Array(model.weights.length * 2);
  const view = new DataView(raw.buffer);
  model.weights.forEach((w, i) => view.setUint16(i * 2, float32ToFloat16Bits(w), true));
  return { name: 'W', dims, dataType: OnnxDataType.FLOAT16, rawData: raw };
}

function axesTensor(name: string, axis: number): TensorMessage {
  return { name, dims: [1], dataType: OnnxDataType.INT64, int64Data: [axis] };
}

/**
 * Builds the additive linear router as an ONNX model:
 *   rows = Gather(W, feature_ids)                          [N, C]
 *   contributions = rows * Unsqueeze(feature_values, 1)    [N, C]  (exact per-feature share of each logit)
 *   logits = ReduceSum(contributions, axis 0) + bias       [C]     (N = 0 gives logits = bias)
 *   probabilities = Softmax(logits)                        [C]
 */
export function buildLinearRouterOnnx(model: LinearRouterWeights, options: LinearRouterModelOptions = {}): Uint8Array {
  checkShapes(model);
  const precision = options.precision ?? 'float32';
  const C = model.classes;
  const gathered = precision === 'float16' ? 'rows_f16' : 'rows';
  const nodes: NodeMessage[] = [
    { name: 'gather_rows', opType: 'Gather', input: ['W', ONNX_INPUT_IDS], output: [gathered], attribute: [{ name: 'axis', type: OnnxAttributeType.INT, i: 0 }] },
  ];
  if (precision === 'float16') {
    nodes.push({ name: 'cast_rows', opType: 'Cast', input: [gathered], output: ['rows'], attribute: [{ name: 'to', type: OnnxAttributeType.INT, i: OnnxDataType.FLOAT }] });
  }
  nodes.push(
    { name: 'unsqueeze_values', opType: 'Unsqueeze', input: [ONNX_INPUT_VALUES, 'axis_one'], output: ['values_column'] },
    { name: 'scale_rows', opType: 'Mul', input: ['rows', 'values_column'], output: [ONNX_OUTPUT_CONTRIBUTIONS] },
    { name: 'sum_features', opType: 'ReduceSum', input: [ONNX_OUTPUT_CONTRIBUTIONS, 'axis_zero'], output: ['feature_sum'], attribute: [{ name: 'keepdims', type: OnnxAttributeType.INT, i: 0 }] },
    { name: 'add_bias', opType: 'Add', input: ['feature_sum', 'bias'], output: [ONNX_OUTPUT_LOGITS] },
    { name: 'softmax', opType: 'Softmax', input: [ONNX_OUTPUT_LOGITS], output: [ONNX_OUTPUT_PROBABILITIES], attribute: [{ name: 'axis', type: OnnxAttributeType.INT, i: -1 }] },
  );
  const metadata = Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value }));
  return encodeModel({
    irVersion: IR_VERSION,
    producerName: 'coe-vscode',
    producerVersion: options.producerVersion ?? '0',
    opsetImport: [{ domain: '', version: ROUTER_OPSET }],
    metadataProps: metadata,
    graph: {
      name: 'linear_router',
      node: nodes,
      initializer: [
        weightTensor(model, precision),
        { name: 'bias', dims: [C], dataType: OnnxDataType.FLOAT, floatData: Array.from(model.bias) },
        axesTensor('axis_one', 1),
        axesTensor('axis_zero', 0),
      ],
      input: [valueInfo(ONNX_INPUT_IDS, OnnxDataType.INT64, ['N']), valueInfo(ONNX_INPUT_VALUES, OnnxDataType.FLOAT, ['N'])],
      output: [
        valueInfo(ONNX_OUTPUT_LOGITS, OnnxDataType.FLOAT, [C]),
        valueInfo(ONNX_OUTPUT_PROBABILITIES, OnnxDataType.FLOAT, [C]),
        valueInfo(ONNX_OUTPUT_CONTRIBUTIONS, OnnxDataType.FLOAT, ['N', C]),
      ],
    },
  });
}

/** The same maths in plain TypeScript (float32 weights as given): reference for tests and training reports. */
export function linearRouterLogits(model: LinearRouterWeights, ids: ArrayLike<number>, values: ArrayLike<number>): Float32Array {
  const logits = Float32Array.from(model.bias);
  for (let n = 0; n < ids.length; n++) {
    const row = ids[n] * model.classes;
    for (let c = 0; c < model.classes; c++) logits[c] += model.weights[row + c] * values[n];
  }
  return logits;
}
