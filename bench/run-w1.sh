#!/usr/bin/env bash
# W1 (shared/BENCHMARKS.md): MLP training throughput, Nabla vs PyTorch, one after the other on this machine.
# Usage: bench/run-w1.sh [MNIST_DIR]   (default: the dataset cache's mnist folder, if present)
# PyTorch is Debian's python3-torch with OpenBLAS (libopenblas0-openmp) and 2 threads; it is measured with the
# OPENBLAS_* variables as set and unset, and the faster is kept, as BENCHMARKS.md asks.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/scripts/jdk25.sh"
mnist=${1:-${NABLA_DATA:-$HOME/.nabla/datasets}/mnist}
(cd "$here" && MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow" mvn -B -ntp -q -pl bench -am package -DskipTests)
jar="$here/bench/target/benchmarks.jar"
echo "== Nabla"
nabla=$(java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx4g -Xmn1g -cp "$jar" nabla.bench.TrainThroughput --mnist-dir "$mnist" 2>&1 | tee /dev/stderr | sed -n 's/^W1 mlp nabla samples\/s: //p')
best=0
for mode in set unset; do
  echo "== PyTorch (OPENBLAS_* $mode)"
  if [ $mode = unset ]; then envcmd=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE); else envcmd=(env); fi
  t=$("${envcmd[@]}" /usr/bin/python3 "$here/bench/torch_w1.py" --mnist-dir "$mnist" 2>&1 | tee /dev/stderr | sed -n 's/^W1 mlp torch samples\/s: //p')
  if [ -n "$t" ] && [ "$t" -gt "$best" ]; then best=$t; fi
done
echo
printf '%-10s %14s %14s %8s\n' workload nabla pytorch ratio
printf '%-10s %14s %14s %8s\n' "W1 mlp" "$nabla" "$best" "$(awk -v a="$nabla" -v b="$best" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "n/a" }')"
