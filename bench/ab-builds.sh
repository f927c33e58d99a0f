#!/usr/bin/env bash
# Before/after: W1-W5 training throughput of two builds of the benchmarks jar, alternating A B A B ... in one run
# (this machine's speed drifts within minutes, so only side-by-side ratios count).
# Usage: bench/ab-builds.sh OLD_JAR NEW_JAR [--rounds R] [--mnist-dir DIR] w1|...|w5|all ...
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/scripts/jdk25.sh"
old=$1 new=$2; shift 2
rounds=3 mnist=${NABLA_DATA:-$HOME/.nabla/datasets}/mnist workloads=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --mnist-dir) mnist=$2; shift 2 ;;
    all) workloads+=(w1 w2 w3 w4 w5); shift ;;
    w1|w2|w3|w4|w5) workloads+=("$1"); shift ;;
    *) echo "usage: bench/ab-builds.sh OLD_JAR NEW_JAR [--rounds R] [--mnist-dir DIR] w1|...|w5|all" >&2; exit 2 ;;
  esac
done
run() { java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx4g -Xmn1g -cp "$1" nabla.bench.TrainThroughput "$2" \
          --mnist-dir "$mnist" --runs 3 2>&1 | sed -n 's/^W[0-9] [a-z]* nabla samples\/s: //p'; }
printf '%-4s %6s %12s %12s %7s\n' work round before after ratio
for w in "${workloads[@]}"; do
  ratios=()
  for r in $(seq 1 "$rounds"); do
    a=$(run "$old" "$w"); b=$(run "$new" "$w")
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.3f", b/a}')
    ratios+=("$ratio")
    printf '%-4s %6d %12s %12s %7s\n' "$w" "$r" "$a" "$b" "$ratio"
  done
  printf '%-4s median after/before: %s\n' "$w" "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
done
