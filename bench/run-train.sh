#!/usr/bin/env bash
# W1-W5 (shared/BENCHMARKS.md): training throughput, Nabla vs PyTorch, one benchmark at a time on this machine.
# Usage: bench/run-train.sh [--mnist-dir DIR] [--batches N] [--runs R] w1|w2|w3|w4|w5|all [more workloads...]
#   --mnist-dir  MNIST's raw IDX files for W1 (default: the dataset cache's mnist folder, if present; random
#                data of MNIST's shapes otherwise). W2-W5 always use random in-memory data, on both sides.
#   --batches/--runs  passed to both sides (defaults: each workload's batches a run, 5 runs; median reported).
# Nabla: nabla.bench.TrainThroughput in its own JVM per workload. PyTorch: Debian's python3-torch run by
# /usr/bin/python3 with OpenBLAS (libopenblas0-openmp) and 2 threads (bench/torch_train.py),
# measured with the OPENBLAS_* variables of this environment as set and unset; the faster is kept.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/scripts/jdk25.sh"
mnist=${NABLA_DATA:-$HOME/.nabla/datasets}/mnist
extra=()
workloads=()
while [ $# -gt 0 ]; do
  case "$1" in
    --mnist-dir) mnist=$2; shift 2 ;;
    --batches|--runs) extra+=("$1" "$2"); shift 2 ;;
    all) workloads+=(w1 w2 w3 w4 w5); shift ;;
    w1|w2|w3|w4|w5) workloads+=("$1"); shift ;;
    *) echo "usage: bench/run-train.sh [--mnist-dir DIR] [--batches N] [--runs R] w1|w2|w3|w4|w5|all ..." >&2; exit 2 ;;
  esac
done
[ ${#workloads[@]} -gt 0 ] || { echo "usage: bench/run-train.sh [--mnist-dir DIR] [--batches N] [--runs R] w1|w2|w3|w4|w5|all ..." >&2; exit 2; }
(cd "$here" && MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow" mvn -B -ntp -q -pl bench -am package -DskipTests)
jar="$here/bench/target/benchmarks.jar"
rows=()
for w in "${workloads[@]}"; do
  echo "== $w Nabla"
  out=$(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx4g -Xmn1g -cp "$jar" nabla.bench.TrainThroughput "$w" \
        --mnist-dir "$mnist" "${extra[@]}" 2>&1 | grep -v '^WARNING' | tee /dev/stderr)
  label=$(echo "$out" | sed -n 's/^\(W[0-9] [a-z]*\) nabla samples\/s: .*/\1/p')
  nabla=$(echo "$out" | sed -n 's/^W[0-9] [a-z]* nabla samples\/s: //p')
  torchcmd=("$here/bench/torch_train.py" "$w" --mnist-dir "$mnist")
  best=0
  for mode in set unset; do
    echo "== $w PyTorch (OPENBLAS_* $mode)"
    if [ $mode = unset ]; then envcmd=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE); else envcmd=(env); fi
    t=$("${envcmd[@]}" /usr/bin/python3 "${torchcmd[@]}" "${extra[@]}" 2>&1 | tee /dev/stderr | sed -n 's/^W[0-9] [a-z]* torch samples\/s: //p')
    if [ -n "$t" ] && awk -v a="$t" -v b="$best" 'BEGIN{ exit !(a > b) }'; then best=$t; fi
  done
  rows+=("${label:-$w}|${nabla:-n/a}|$best")
done
echo
printf '%-10s %14s %14s %8s\n' workload nabla pytorch ratio
for r in "${rows[@]}"; do
  IFS='|' read -r label nabla best <<< "$r"
  printf '%-10s %14s %14s %8s\n' "$label" "$nabla" "$best" \
    "$(awk -v a="$nabla" -v b="$best" 'BEGIN{ if (b>0 && a>0) printf "%.2f", a/b; else print "n/a" }')"
done
echo "(samples/s, median of the timed runs; ratio = nabla / pytorch, above 1 means Nabla is faster)"
