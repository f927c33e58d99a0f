#!/usr/bin/env bash
# G1 (shared/BENCHMARKS.md): GEMM GFLOP/s, Nabla vs numpy/OpenBLAS (AVX-512 kernels: the OPENBLAS_* overrides
# of this environment are unset for numpy), side by side. Each shape runs in a fresh JVM, so the JIT compiles
# the kernels for that shape alone, as a program using one shape would see them.
# Usage: bench/run-gemm.sh [threads]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/scripts/jdk25.sh"
threads=${1:-2}
(cd "$here" && MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow" mvn -B -ntp -q -pl bench -am package -DskipTests)
jar="$here/bench/target/benchmarks.jar"
shapes="sq256 sq512 sq1024 sq2048 fwd1_ fwd2_ fwd3_ dW1_ dW2_ dW3_ dX2_ dX3_"
ours=$(for s in $shapes; do java --add-modules jdk.incubator.vector -cp "$jar" nabla.bench.GemmGflops "$threads" "$s" 2>/dev/null | tail -n 1; done)
theirs=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$here/bench/gemm_numpy.py" 2>&1)
echo "$theirs" | grep -i "openblas core" || true
printf '%-20s %12s %12s %7s\n' shape nabla numpy ratio
while read -r name gf _; do
  np=$(echo "$theirs" | awk -v n="$name" '$1==n {print $2}')
  printf '%-20s %12s %12s %7s\n' "$name" "$gf" "$np" "$(awk -v a="$gf" -v b="$np" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "n/a" }')"
done <<< "$ours"
