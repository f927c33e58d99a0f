#!/usr/bin/env node
// Reads every fixture .h5 and .keras file with jsfive, a pure-JavaScript HDF5 reader that shares no code with
// libhdf5 or h5py, and checks that it sees the same weights as the TF.js fixture of the same model.
//
//   node verify_h5_jsfive.js FIXTURES_ROOT
//
// Keras 2 .h5: model_config must parse, layer_names / weight_names are followed to the datasets. Keras 3 .keras:
// the zip (stored entries) is read here, its model.weights.h5 opened by jsfive, every dataset under a `vars`
// group collected. In both, the multiset of weight arrays must equal the TF.js fixture's weights (optimizer
// weights left out), value for value; gru_reset_after, which has no TF.js fixture, compares .keras with .h5.
// Fixed-length string attributes come back NUL-padded (numpy 'S' arrays), so names are stripped of trailing NULs.
'use strict';

const fs = require('fs');
const path = require('path');
const hdf5 = require('jsfive');

const root = path.resolve(process.argv[2] || path.join(__dirname, '..', 'src', 'test', 'resources', 'fixtures'));

function open(buf, name) {
  return new hdf5.File(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length), name);
}

function str(s) {
  return String(s).replace(/\0+$/, '');
}

// The entries of a zip whose entries are all stored (method 0), from the central directory.
function unzipStored(buf, file) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file}: no end of central directory.`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry.`);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (method !== 0) throw new Error(`${file}: entry ${name} is compressed (method ${method}).`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out[name] = buf.subarray(start, start + size);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function key(shape, values) {
  return JSON.stringify(shape) + ':' + Array.from(values, (v) => Math.fround(v)).join(',');
}

function tfjsWeights(dir) {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const keys = [];
  for (const group of modelJson.weightsManifest) {
    const data = Buffer.concat(group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
    let offset = 0;
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (w.group !== 'optimizer') {
        const vals = [];
        for (let i = 0; i < n; i++) vals.push(data.readFloatLE(offset + 4 * i));
        keys.push(key(w.shape, vals));
      }
      offset += 4 * n;
    }
  }
  return keys.sort();
}

function h5Weights(file) {
  const f = open(fs.readFileSync(file), file);
  JSON.parse(str(f.attrs.model_config));
  if (!str(f.attrs.keras_version).startsWith('2.')) throw new Error(`${file}: keras_version ${f.attrs.keras_version}.`);
  const mw = f.get('model_weights');
  const keys = [];
  for (const layer of mw.attrs.layer_names.map(str)) {
    const names = (mw.get(layer).attrs.weight_names || []).map(str);
    for (const n of names) {
      const d = mw.get(layer).get(n);
      keys.push(key(d.shape, d.value));
    }
  }
  return keys.sort();
}

function kerasWeights(file) {
  const entries = unzipStored(fs.readFileSync(file), file);
  const names = Object.keys(entries).join(',');
  if (names !== 'metadata.json,config.json,model.weights.h5') throw new Error(`${file}: entries ${names}.`);
  JSON.parse(entries['config.json'].toString('utf8'));
  const f = open(entries['model.weights.h5'], 'model.weights.h5');
  const keys = [];
  const walk = (g, p) => {
    for (const k of g.keys || []) {
      const child = g.get(k);
      if (child instanceof hdf5.Dataset) {
        if (p.endsWith('/vars')) keys.push(key(child.shape, child.value));
        else throw new Error(`${file}: dataset ${p}/${k} is outside a vars group.`);
      } else walk(child, `${p}/${k}`);
    }
  };
  walk(f, '');
  return keys.sort();
}

function same(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

let passed = 0;
let failed = 0;
for (const name of fs.readdirSync(path.join(root, 'keras3')).sort()) {
  try {
    const k3 = kerasWeights(path.join(root, 'keras3', name, 'model.keras'));
    const h5 = h5Weights(path.join(root, 'h5', name, 'model.h5'));
    const tfjsDir = path.join(root, 'tfjs', name);
    const ref = fs.existsSync(tfjsDir) ? tfjsWeights(tfjsDir) : h5;
    if (!same(k3, ref)) throw new Error('the .keras weights differ from the reference.');
    if (!same(h5, ref)) throw new Error('the .h5 weights differ from the reference.');
    process.stdout.write(`ok ${name}: ${k3.length} weight arrays, the same in .keras, .h5${fs.existsSync(tfjsDir) ? ' and TF.js' : ''}\n`);
    passed++;
  } catch (e) {
    process.stdout.write(`FAILED ${name}: ${e.message}\n`);
    failed++;
  }
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
