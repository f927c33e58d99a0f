#!/usr/bin/env bash
# W1 (shared/BENCHMARKS.md): MLP training throughput, Nabla vs PyTorch. Kept for old notes; the runner for all
# workloads is bench/run-train.sh.  Usage: bench/run-w1.sh [MNIST_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -gt 0 ]; then exec "$here/run-train.sh" --mnist-dir "$1" w1; else exec "$here/run-train.sh" w1; fi
