#!/usr/bin/env bash
# Inference speed (issue #14 item 7): predict of W1 (MNIST MLP) and W2 (MNIST CNN) at batch 1 (latency, median and
# p99) and batch 256 (samples/s), Nabla vs ONNX Runtime's Java API on the same exported ONNX file, 2 threads each,
# one JVM, the two runtimes alternated over the rounds (nabla.bench.InferenceBench; its class comment says what is
# timed). Ends with a Markdown table: workload | batch | Nabla | ORT | ratio (above 1: Nabla faster).
# Usage: bench/run-inference.sh [w1] [w2] [--threads T] [--rounds R] [--runs N] [--warmup S] [--latency-seconds S]
#                               [--run-seconds S] [--api predict|predictOnBatch] [--quick]
#   defaults: both workloads, 2 threads, 5 rounds, 5 runs of >= 1 s, 5 s warm-up a case and runtime, 2 s of
#   single-sample calls a round (about 3.5 min in all); --quick is a smoke run of about 20 s, not a measurement.
# Builds bench/target/benchmarks.jar first when it is missing or older than a source or pom of the modules it holds.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/scripts/jdk25.sh"
jar="$here/bench/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(cd "$here" && find pom.xml core onnx bench -newer "$jar" \( -name '*.java' -o -name pom.xml \) \
      -not -path '*/target/*' -print -quit)" ]; then
  (cd "$here" && ./mvn25 -q -pl bench -am package -DskipTests)
fi
exec java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
     -XX:+UseParallelGC -Xmx4g -Xmn1g -cp "$jar" nabla.bench.InferenceBench "$@"
