#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of Nabla's file readers: each target fuzzed in turn, in its own JVM with a 512 MB
# heap, starting from the committed seed corpus (fuzz/src/test/resources/nabla/fuzz/*Inputs).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   fuzz (default: 600 s per target, all targets)
#   scripts/fuzz.sh --seeds                           regenerate the seed corpus (after a file-format change)
#
# Targets: ModelFileFuzzTest ModelEntriesFuzzTest SafeTensorsFuzzTest JsonFuzzTest TokenizerJsonFuzzTest IdxFuzzTest
# IdxGzipFuzzTest TimeSeriesCsvFuzzTest. A finding (an exception other than the reader's documented ones, an Error such
# as OutOfMemoryError, an input over 5 s) fails the run: Jazzer saves the input as crash-SHA1 beside the seeds (so that
# `./mvn25 test` replays it from then on), the watchdog saves a hang as timeout-SHA1 under fuzz/target/fuzz-findings/.
# FUZZ_KEEP_GOING=N keeps fuzzing a target until N distinct findings (default 1). The generated corpus grows in
# fuzz/.cifuzz-corpus/ (not committed) and is reused by the next run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
all=(ModelFileFuzzTest ModelEntriesFuzzTest SafeTensorsFuzzTest JsonFuzzTest TokenizerJsonFuzzTest IdxFuzzTest
    IdxGzipFuzzTest TimeSeriesCsvFuzzTest)

if [ "${1:-}" = "--seeds" ]; then
    cp=$(mktemp)
    trap 'rm -f "$cp"' EXIT
    # the reactor builds nabla-core and nabla-timeseries first; the last module written, fuzz, leaves its classpath
    ./mvn25 -q -pl fuzz -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test
    . scripts/jdk25.sh
    java --add-modules jdk.incubator.vector -cp "fuzz/target/test-classes:$(cat "$cp")" nabla.fuzz.SeedCorpus \
        fuzz/src/test/resources
    exit 0
fi

seconds=${1:-600}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...] | --seeds" >&2; exit 2; }
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
list=$(IFS=,; echo "${targets[*]}")
echo "== fuzzing ${#targets[@]} target(s) for ${seconds} s each: ${targets[*]}"
before=$(mktemp)
trap 'rm -f "$before"' EXIT
find fuzz/src/test/resources/nabla/fuzz fuzz/target/fuzz-findings -name 'crash-*' -o -name 'timeout-*' 2>/dev/null \
    | sort > "$before" || true
# One JVM per target class (reuseForks=false): Jazzer fuzzes one test per JVM. The filter drops Jazzer's start-up
# chatter and libFuzzer's per-input lines; progress (pulse, DONE), findings and test results stay.
status=0
JAZZER_FUZZ=1 ./mvn25 -q -pl fuzz -am test \
    -Dtest="$list" -Dsurefire.failIfNoSpecifiedTests=false -DreuseForks=false \
    -Djazzer.max_duration="${seconds}s" -Djazzer.keep_going="${FUZZ_KEEP_GOING:-1}" 2>&1 \
    | grep --line-buffered -Ev '^(INFO: (Loaded|Instrumented|Creating merged|New number of coverage|found LLVM)|WARNING|OpenJDK 64-Bit Server VM warning|#[0-9]+[[:space:]]+(NEW|REDUCE)[[:space:]])' \
    || status=$?
new=$(find fuzz/src/test/resources/nabla/fuzz fuzz/target/fuzz-findings -name 'crash-*' -o -name 'timeout-*' \
    2>/dev/null | sort | comm -13 "$before" - || true)
if [ -n "$new" ]; then
    echo "== findings (inputs saved):"
    echo "$new" | sed 's/^/  /'
    status=1
fi
if [ "$status" -eq 0 ]; then echo "== no findings"; fi
exit "$status"
