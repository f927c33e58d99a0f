#!/usr/bin/env node
// Loads TF.js layers models back into tfjs and checks their predictions against a manifest's expected outputs.
//
//   node verify_tfjs.js DIR [DIR...]
//
// Each DIR holds model.json, its weight shards and a manifest.json (as gen_tfjs.js writes it: inputs[].file,
// outputs[].file, little-endian float32). The check passes when every output element satisfies
// |actual - expected| <= 1e-5 * max(1, |expected|). Exits 1 on the first directory that fails, naming it and the
// worst element. gen_tfjs.js's fixtures are checked this way by regenerate.sh; a model that Nabla exports to the
// TF.js format can be checked the same way (write a manifest beside it).
'use strict';

const fs = require('fs');
const path = require('path');

const origLog = console.log;
const origWarn = console.warn;
console.log = () => {};
console.warn = () => {};
const tf = require('@tensorflow/tfjs');
tf.tensor([0]).dispose();
console.log = origLog;
console.warn = origWarn;

function readFloats(file, count) {
  const buf = fs.readFileSync(file);
  if (buf.length !== count * 4) {
    throw new Error(`${file} has ${buf.length} bytes, but its manifest shape needs ${count * 4}.`);
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

async function verify(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, manifest.model_file || 'model.json'), 'utf8'));
  const specs = [];
  const buffers = [];
  for (const group of modelJson.weightsManifest) {
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
    specs.push(...group.weights);
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: specs,
    weightData,
    trainingConfig: modelJson.trainingConfig,
  }));
  const inputs = manifest.inputs.map((e) => {
    const n = e.shape.reduce((a, b) => a * b, 1);
    return tf.tensor(readFloats(path.join(dir, e.file), n), e.shape, 'float32');
  });
  let preds = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  if (!Array.isArray(preds)) preds = [preds];
  if (preds.length !== manifest.outputs.length) {
    throw new Error(`${dir}: the model has ${preds.length} outputs, the manifest ${manifest.outputs.length}.`);
  }
  let worst = 0;
  manifest.outputs.forEach((e, k) => {
    if (JSON.stringify(preds[k].shape) !== JSON.stringify(e.shape)) {
      throw new Error(`${dir}: output ${k} has shape ${JSON.stringify(preds[k].shape)}, the manifest says ${JSON.stringify(e.shape)}.`);
    }
    const expected = readFloats(path.join(dir, e.file), preds[k].size);
    const actual = preds[k].dataSync();
    for (let i = 0; i < expected.length; i++) {
      const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
      if (!(err <= 1e-5)) {
        throw new Error(`${dir}: output ${k} element ${i} is ${actual[i]}, expected ${expected[i]} (relative error ${err}).`);
      }
      worst = Math.max(worst, err);
    }
  });
  tf.dispose(inputs.concat(preds));
  model.dispose();
  return worst;
}

async function main() {
  await tf.setBackend('cpu');
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    process.stderr.write('usage: node verify_tfjs.js DIR [DIR...]\n');
    process.exit(2);
  }
  let passed = 0;
  for (const dir of dirs) {
    const worst = await verify(dir);
    process.stdout.write(`ok ${path.basename(dir)} (worst relative error ${worst.toExponential(2)})\n`);
    passed++;
  }
  process.stdout.write(`${passed} passed, 0 failed\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.message || e}\n`);
  process.exit(1);
});
