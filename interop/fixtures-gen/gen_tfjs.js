#!/usr/bin/env node
// Builds the TensorFlow.js oracle fixtures for Nabla's Keras interop tests (issue 14).
//
// For each model: fixed weights from a seeded generator (never tfjs's own random initializers), fixed inputs,
// the model saved in the TF.js layers format (model.json + one weight shard, as tfjs-converter names it), and
// tfjs's own predictions. Everything is written under
//   interop/src/test/resources/fixtures/tfjs/<model>/
// with a manifest.json per model. gen_keras.py later turns the same topology and weights into .keras and .h5.
//
// Pure JavaScript: @tensorflow/tfjs on its CPU backend (no tfjs-node, no native code). tfjs's own file handler
// is in tfjs-node only, so the artifacts come from tf.io.withSaveHandler and are written here with the same
// model.json layout that tfjs-node's file:// handler and tfjs-converter write (tf.io.getModelJSONForModelArtifacts).
//
// Usage: node gen_tfjs.js [OUT_ROOT]   (OUT_ROOT defaults to ../src/test/resources/fixtures)
'use strict';

const fs = require('fs');
const path = require('path');

// Silence tfjs's one-line "install tfjs-node" advice; it goes to console.log/warn.
const origLog = console.log;
const origWarn = console.warn;
console.log = () => {};
console.warn = () => {};
const tf = require('@tensorflow/tfjs');
tf.tensor([0]).dispose(); // the advice is printed on first use of the backend
console.log = origLog;
console.warn = origWarn;

const OUT_ROOT = path.resolve(process.argv[2] || path.join(__dirname, '..', 'src', 'test', 'resources', 'fixtures'));
const TFJS_ROOT = path.join(OUT_ROOT, 'tfjs');
const SHARD = 'group1-shard1of1.bin';
const TOLERANCE = 1e-5;

// mulberry32: a small, well-known 32-bit PRNG; the same seed gives the same stream on every platform.
function rng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniform(next, n, lo, hi) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // Round to 1/1024 steps so every value is exact in float32 and short in text.
    out[i] = Math.round((lo + (hi - lo) * next()) * 1024) / 1024;
  }
  return out;
}

function sizeOf(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

// All recurrent layers name recurrentActivation 'sigmoid': tfjs's default is 'hard_sigmoid', which tfjs and Keras 2
// compute as clip(0.2x+0.5) but Keras 3 as clip(x/6+0.5), so the same file would mean two different models.
//
// Sets every weight of the model from the seeded stream, in model.weights order. Scales and variances are
// positive (0.5..1.5), everything else in [-0.5, 0.5).
function setFixedWeights(model, seed) {
  const next = rng(seed);
  const values = model.weights.map((w) => {
    const n = sizeOf(w.shape);
    const name = w.originalName || w.name;
    const positive = /moving_variance|gamma/.test(name);
    const data = positive ? uniform(next, n, 0.5, 1.5) : uniform(next, n, -0.5, 0.5);
    return tf.tensor(data, w.shape, 'float32');
  });
  model.setWeights(values);
  values.forEach((t) => t.dispose());
}

function leBytes(typed) {
  const buf = Buffer.alloc(typed.length * 4);
  for (let i = 0; i < typed.length; i++) {
    if (typed instanceof Int32Array) buf.writeInt32LE(typed[i], i * 4);
    else buf.writeFloatLE(typed[i], i * 4);
  }
  return buf;
}

function layerList(model) {
  const out = [];
  for (const layer of model.layers) {
    const entry = { name: layer.name, class_name: layer.getClassName() };
    // Output shape with a null batch; gen_keras.py derives each layer's Keras 3 build_config input shape from
    // the output shapes of the layers feeding it.
    entry.output_shape = layer.outputShape;
    if (layer.layers) entry.layers = layerList(layer); // nested model
    out.push(entry);
  }
  return out;
}

async function saveModel(model, dir, spec) {
  let artifacts = null;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }), { includeOptimizer: Boolean(spec.compile) });
  const manifest = [{ paths: [SHARD], weights: artifacts.weightSpecs }];
  // Same fields, in the same order, as tfjs-core's io_utils getModelJSONForModelArtifacts (not exported by the
  // tfjs bundle), which the file:// and http handlers use to write model.json.
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: manifest,
  };
  if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson, null, 1) + '\n');
  const data = Array.isArray(artifacts.weightData)
    ? tf.io.CompositeArrayBuffer.join(artifacts.weightData)
    : artifacts.weightData;
  fs.writeFileSync(path.join(dir, SHARD), Buffer.from(data));
  return { modelJson, weightBytes: data.byteLength };
}

// spec: { name, build: () => model, inputs: [{ shape (without batch), kind: 'float'|'ids', ... }], seed,
//         compile?: args, description }
async function generate(spec) {
  const dir = path.join(TFJS_ROOT, spec.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });

  const model = spec.build();
  if (spec.compile) model.compile(spec.compile);
  setFixedWeights(model, spec.seed);

  const next = rng(spec.seed + 1000);
  const inputTensors = [];
  const inputEntries = [];
  spec.inputs.forEach((inp, i) => {
    const shape = [spec.batch].concat(inp.shape);
    let data;
    if (inp.kind === 'ids') {
      data = new Float32Array(sizeOf(shape));
      const T = inp.shape[0];
      for (let b = 0; b < spec.batch; b++) {
        const len = inp.lengths[b];
        for (let t = 0; t < T; t++) {
          data[b * T + t] = t < len ? 1 + Math.floor(next() * (inp.vocab - 1)) : 0;
        }
      }
    } else {
      data = uniform(next, sizeOf(shape), -1, 1);
    }
    const file = `input_${i}.bin`;
    fs.writeFileSync(path.join(dir, file), leBytes(data));
    inputTensors.push(tf.tensor(data, shape, 'float32'));
    inputEntries.push({
      name: model.inputNames[i],
      file,
      shape,
      dtype: 'float32',
      byte_order: 'little',
      note: inp.kind === 'ids' ? `token ids stored as float32 (vocabulary ${inp.vocab}, 0 = padding)` : undefined,
    });
  });

  let preds = model.predict(inputTensors.length === 1 ? inputTensors[0] : inputTensors);
  if (!Array.isArray(preds)) preds = [preds];
  const outputEntries = preds.map((p, i) => {
    const file = `output_${i}.bin`;
    fs.writeFileSync(path.join(dir, file), leBytes(p.dataSync()));
    return { name: model.outputNames[i], file, shape: p.shape, dtype: 'float32', byte_order: 'little' };
  });

  const saved = await saveModel(model, dir, spec);
  const manifest = {
    model: spec.name,
    description: spec.description,
    format: 'tfjs-layers',
    files: ['model.json', SHARD].concat(inputEntries.map((e) => e.file), outputEntries.map((e) => e.file)),
    model_file: 'model.json',
    weight_files: [SHARD],
    model_class: model.getClassName(),
    inputs: inputEntries,
    outputs: outputEntries,
    layers: layerList(model),
    weights: saved.modelJson.weightsManifest[0].weights.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype, group: w.group })),
    compiled: Boolean(spec.compile),
    training_config: saved.modelJson.trainingConfig,
    tolerance: { relative: TOLERANCE, note: 'compare |a-b| <= 1e-5 * max(1, |b|)' },
    oracle: { name: '@tensorflow/tfjs', version: tf.version.tfjs, backend: tf.getBackend() },
    weights_seed: spec.seed,
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  tf.dispose(inputTensors.concat(preds));
  model.dispose();
  process.stdout.write(`tfjs fixture ${spec.name}: ${model.layers.length} layers, ${saved.weightBytes} weight bytes\n`);
}

const L = tf.layers;

const SPECS = [
  {
    name: 'mlp',
    description: 'Sequential MLP: Dense+relu, Dense+softmax; compiled (adam, categorical cross-entropy, accuracy) so model.json carries training_config.',
    seed: 101,
    batch: 3,
    inputs: [{ shape: [6] }],
    compile: { optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] },
    build: () => tf.sequential({
      name: 'mlp',
      layers: [
        L.dense({ name: 'hidden', units: 8, activation: 'relu', inputShape: [6] }),
        L.dense({ name: 'probs', units: 4, activation: 'softmax' }),
      ],
    }),
  },
  {
    name: 'cnn',
    description: 'Sequential CNN on 10x10x2: Conv2D same, BatchNormalization (fixed non-trivial moving statistics), Conv2D same with stride 2 (asymmetric padding), MaxPooling2D valid, Conv2D valid, AveragePooling2D same (edge windows average only real cells), Flatten, Dense softmax.',
    seed: 202,
    batch: 3,
    inputs: [{ shape: [10, 10, 2] }],
    build: () => tf.sequential({
      name: 'cnn',
      layers: [
        L.conv2d({ name: 'conv_same', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [10, 10, 2] }),
        L.batchNormalization({ name: 'bn', epsilon: 0.001, momentum: 0.99 }),
        L.conv2d({ name: 'conv_strided', filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
        L.maxPooling2d({ name: 'max_pool', poolSize: 2, strides: 1, padding: 'valid' }),
        L.conv2d({ name: 'conv_valid', filters: 3, kernelSize: [3, 2], padding: 'valid', activation: 'tanh' }),
        L.averagePooling2d({ name: 'avg_pool', poolSize: 2, strides: 1, padding: 'same' }),
        L.flatten({ name: 'flatten' }),
        L.dense({ name: 'probs', units: 3, activation: 'softmax' }),
      ],
    }),
  },
  {
    name: 'conv1d',
    description: 'Sequential Conv1D (valid, relu) + Conv1D (same, stride 2) + GlobalMaxPooling1D + Dense.',
    seed: 303,
    batch: 3,
    inputs: [{ shape: [12, 3] }],
    build: () => tf.sequential({
      name: 'conv1d_model',
      layers: [
        L.conv1d({ name: 'conv_a', filters: 5, kernelSize: 3, padding: 'valid', activation: 'relu', inputShape: [12, 3] }),
        L.conv1d({ name: 'conv_b', filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
        L.globalMaxPooling1d({ name: 'global_max' }),
        L.dense({ name: 'out', units: 2 }),
      ],
    }),
  },
  {
    name: 'embedding_lstm_masked',
    description: 'Embedding(mask_zero=true) -> LSTM(return_sequences=true) -> LSTM(return_sequences=false) -> Dense; inputs are padded with trailing zeros, so the mask decides which steps count (a masked step keeps the previous output and state).',
    seed: 404,
    batch: 3,
    inputs: [{ shape: [6], kind: 'ids', vocab: 10, lengths: [6, 4, 2] }],
    build: () => tf.sequential({
      name: 'embedding_lstm_masked',
      layers: [
        L.embedding({ name: 'embed', inputDim: 10, outputDim: 4, maskZero: true, inputLength: 6, inputShape: [6] }),
        L.lstm({ name: 'lstm_seq', units: 5, recurrentActivation: 'sigmoid', returnSequences: true }),
        L.lstm({ name: 'lstm_last', units: 3, recurrentActivation: 'sigmoid', returnSequences: false }),
        L.dense({ name: 'out', units: 2 }),
      ],
    }),
  },
  {
    name: 'embedding_lstm',
    description: 'Embedding(mask_zero=false) -> LSTM(return_sequences=true) as the output (3-D); zeros are ordinary tokens here.',
    seed: 505,
    batch: 3,
    inputs: [{ shape: [5], kind: 'ids', vocab: 8, lengths: [5, 3, 5] }],
    build: () => tf.sequential({
      name: 'embedding_lstm',
      layers: [
        L.embedding({ name: 'embed', inputDim: 8, outputDim: 3, maskZero: false, inputShape: [5] }),
        L.lstm({ name: 'lstm', units: 4, recurrentActivation: 'sigmoid', returnSequences: true }),
      ],
    }),
  },
  {
    name: 'gru',
    description: 'GRU with reset_after=false (bias of shape [3*units]; the only form tfjs supports) + Dense. The reset_after=true form has its own fixture, gru_reset_after, with PyTorch as the oracle.',
    seed: 606,
    batch: 3,
    inputs: [{ shape: [6, 3] }],
    build: () => tf.sequential({
      name: 'gru_model',
      layers: [
        L.gru({ name: 'gru', units: 4, recurrentActivation: 'sigmoid', resetAfter: false, inputShape: [6, 3] }),
        L.dense({ name: 'out', units: 2 }),
      ],
    }),
  },
  {
    name: 'bidirectional',
    description: 'Bidirectional(LSTM, return_sequences=true) with merge_mode concat, then Bidirectional(LSTM) with merge_mode ave, then Dense.',
    seed: 707,
    batch: 3,
    inputs: [{ shape: [5, 3] }],
    build: () => tf.sequential({
      name: 'bidirectional_model',
      layers: [
        L.bidirectional({ name: 'bidi_concat', layer: L.lstm({ name: 'lstm_a', units: 3, recurrentActivation: 'sigmoid', returnSequences: true }), mergeMode: 'concat', inputShape: [5, 3] }),
        L.bidirectional({ name: 'bidi_ave', layer: L.lstm({ name: 'lstm_b', units: 2, recurrentActivation: 'sigmoid' }), mergeMode: 'ave' }),
        L.dense({ name: 'out', units: 2 }),
      ],
    }),
  },
  {
    name: 'simple_rnn',
    description: 'SimpleRNN(return_sequences=true) -> SimpleRNN -> Dense.',
    seed: 808,
    batch: 3,
    inputs: [{ shape: [5, 3] }],
    build: () => tf.sequential({
      name: 'simple_rnn_model',
      layers: [
        L.simpleRNN({ name: 'rnn_seq', units: 4, returnSequences: true, inputShape: [5, 3] }),
        L.simpleRNN({ name: 'rnn_last', units: 3 }),
        L.dense({ name: 'out', units: 2 }),
      ],
    }),
  },
  {
    name: 'time_distributed',
    description: 'TimeDistributed(Dense relu) -> TimeDistributed(Dense); output is 3-D.',
    seed: 909,
    batch: 3,
    inputs: [{ shape: [4, 3] }],
    build: () => tf.sequential({
      name: 'time_distributed_model',
      layers: [
        L.timeDistributed({ name: 'td_hidden', layer: L.dense({ name: 'td_dense', units: 5, activation: 'relu' }), inputShape: [4, 3] }),
        L.timeDistributed({ name: 'td_out', layer: L.dense({ name: 'td_dense_out', units: 2 }) }),
      ],
    }),
  },
  {
    name: 'functional_shared',
    description: 'Functional model: two inputs, one Dense layer shared by both (two inbound nodes), Add and Concatenate merges, two outputs (softmax class, linear regression).',
    seed: 1010,
    batch: 3,
    inputs: [{ shape: [6] }, { shape: [6] }],
    build: () => {
      const a = tf.input({ shape: [6], name: 'input_a' });
      const b = tf.input({ shape: [6], name: 'input_b' });
      const shared = L.dense({ name: 'shared_dense', units: 4, activation: 'relu' });
      const sa = shared.apply(a);
      const sb = shared.apply(b);
      const sum = L.add({ name: 'add' }).apply([sa, sb]);
      const cat = L.concatenate({ name: 'concat', axis: -1 }).apply([sa, sb]);
      const cls = L.dense({ name: 'out_class', units: 3, activation: 'softmax' }).apply(sum);
      const reg = L.dense({ name: 'out_reg', units: 1 }).apply(cat);
      return tf.model({ name: 'functional_shared', inputs: [a, b], outputs: [cls, reg] });
    },
  },
  {
    name: 'nested',
    description: 'Functional model using a Sequential model as a layer: input -> Sequential(Dense relu, Dense) -> Dense head.',
    seed: 1111,
    batch: 3,
    inputs: [{ shape: [4] }],
    build: () => {
      const inner = tf.sequential({
        name: 'inner',
        layers: [
          L.dense({ name: 'inner_hidden', units: 5, activation: 'relu', inputShape: [4] }),
          L.dense({ name: 'inner_out', units: 3 }),
        ],
      });
      const x = tf.input({ shape: [4], name: 'x' });
      const y = inner.apply(x);
      const z = L.dense({ name: 'head', units: 2 }).apply(y);
      return tf.model({ name: 'nested', inputs: x, outputs: z });
    },
  },
  {
    name: 'misc_layers',
    description: 'Sequential on 6x6x2: ZeroPadding2D (asymmetric), Conv2D valid, LeakyReLU(0.2), PReLU (per-element alpha), ELU, Dropout (identity at inference), Activation sigmoid, GlobalAveragePooling2D, Dense, Reshape to [2,3], Activation softmax over the last axis.',
    seed: 1212,
    batch: 3,
    inputs: [{ shape: [6, 6, 2] }],
    build: () => tf.sequential({
      name: 'misc_layers',
      layers: [
        L.zeroPadding2d({ name: 'pad', padding: [[1, 1], [2, 0]], inputShape: [6, 6, 2] }),
        L.conv2d({ name: 'conv', filters: 3, kernelSize: 3, padding: 'valid' }),
        L.leakyReLU({ name: 'leaky', alpha: 0.2 }),
        L.prelu({ name: 'prelu' }),
        L.elu({ name: 'elu', alpha: 1.0 }),
        L.dropout({ name: 'dropout', rate: 0.3 }),
        L.activation({ name: 'sigmoid', activation: 'sigmoid' }),
        L.globalAveragePooling2d({ name: 'gap' }),
        L.dense({ name: 'dense', units: 6 }),
        L.reshape({ name: 'reshape', targetShape: [2, 3] }),
        L.activation({ name: 'softmax', activation: 'softmax' }),
      ],
    }),
  },
];

async function main() {
  await tf.setBackend('cpu');
  fs.mkdirSync(TFJS_ROOT, { recursive: true });
  const only = process.env.ONLY ? process.env.ONLY.split(',') : null;
  for (const spec of SPECS) {
    if (only && !only.includes(spec.name)) continue;
    await generate(spec);
  }
}

main().catch((e) => {
  process.stderr.write(`gen_tfjs.js failed: ${e.stack || e}\n`);
  process.exit(1);
});
