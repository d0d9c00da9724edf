#!/usr/bin/env bash
# Benchmarks whose figures go in docs/performance.md:
#   1. `bin/openhands synth` of every environment from a built project: wall time and peak RSS of the whole
#      process tree (JVM + jsii's Node child), median of N runs (default 5);
#   2. where that time goes, from OPENHANDS_TIMING=1 phase marks (median per phase);
#   3. the emulator deployment of the pilot (apply, converging re-plan, destroy), M runs (default 1).
# Usage: bench/bench.sh [SYNTH_RUNS] [EMULATOR_RUNS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
runs=${1:-5}
emulator_runs=${2:-1}
out_dir="$root/bench/results"
mkdir -p "$out_dir"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

mvn -B -ntp -q -DskipTests package
# Lets bin/openhands record the build, so no timed run includes one.
bin/openhands validate >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), node $(node --version)"
walls=()
rsss=()
: > "$out_dir/timing.txt"
for i in $(seq 1 "$runs"); do
  read -r wall rss_kib < <(OPENHANDS_TIMING=1 python3 bench/peak_rss.py "$out_dir/synth.err" \
    bin/openhands synth -o "$out_dir/cdktf.out")
  walls+=("$wall")
  rsss+=("$rss_kib")
  grep '^timing' "$out_dir/synth.err" >> "$out_dir/timing.txt" || true
  echo "synth run $i: ${wall} s wall, $((rss_kib / 1024)) MiB peak RSS (JVM + Node)"
done
echo "synth median of $runs: $(printf '%s\n' "${walls[@]}" | median) s wall, $(( $(printf '%s\n' "${rsss[@]}" | median | cut -d. -f1) / 1024 )) MiB peak RSS"
echo "phase medians (ms):"
for phase in jvm-to-main config-load jsii-and-provider-load construct synth-write total; do
  printf '  %-24s %s\n' "$phase" "$(awk -v p="$phase" '$2 == p {print $3}' "$out_dir/timing.txt" | median)"
done

for i in $(seq 1 "$emulator_runs"); do
  read -r wall rss_kib < <(python3 bench/peak_rss.py "$out_dir/emulator.err" bin/openhands emulator pilot)
  echo "emulator run $i: ${wall} s wall for synth + moto start + init + apply + re-plan + destroy"
done
