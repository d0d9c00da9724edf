#!/usr/bin/env bash
# Benchmarks whose figures go in docs/performance.md:
#   1. `bin/openhands synth` of every environment from a built project: wall time and peak RSS of the whole
#      process tree (JVM + jsii's Node child), median of N runs (default 5), after one untimed run that fills
#      jsii's package cache (a one-time extraction per provider bundle and machine);
#   2. where that time goes: OPENHANDS_TIMING=1 phase marks in the JVM and JSII_DEBUG_TIMING=1 timings of the
#      jsii kernel's package loads in Node (median per phase);
#   3. the emulator deployment of the pilot (apply, converging re-plan, destroy), M runs (default 1);
#   4. optional, with BENCH_PEER_DIR set: the same synth figures for the public peer (an AWS CDK TypeScript
#      project, github.com/zxkane/openhands-infra) checked out in that directory with its npm dependencies
#      installed and its TypeScript compiled (`npm ci && npx tsc` there; docs/performance.md says how on a
#      machine without Docker). Each of our timed runs is followed by one of the peer's (alternating, so both
#      see the same machine). The peer's app runs as `cdk synth` runs it (its cdk.json "app" command, with
#      CDK_OUTDIR and CDK_CONTEXT_JSON), without the CLI: the CLI refuses the context that turns off asset
#      bundling, which needs a Docker engine. BENCH_PEER_CONTEXT replaces the context JSON. Nothing is fetched.
#   5. optional, with BENCH_JSII_LAUNCHERS=1: each of our timed runs is also followed by one through jsii's own
#      launcher (OPENHANDS_JSII_DIRECT=off: two Node processes), so the direct channel's effect is measured in
#      alternating pairs on the same build.
# Usage: [BENCH_PEER_DIR=DIR [BENCH_PEER_CONTEXT=JSON]] [BENCH_JSII_LAUNCHERS=1] bench/bench.sh [SYNTH_RUNS] [EMULATOR_RUNS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
runs=${1:-5}
emulator_runs=${2:-1}
peer_dir=${BENCH_PEER_DIR:-}
out_dir="$root/bench/results"
mkdir -p "$out_dir"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

if [ -n "$peer_dir" ]; then
  # Checked before the long part, so a missing peer fails at once.
  if [ ! -f "$peer_dir/cdk.json" ] || [ ! -d "$peer_dir/node_modules" ]; then
    echo "bench: BENCH_PEER_DIR=$peer_dir is not a checked-out CDK project with its dependencies installed." >&2
    echo "       Check out github.com/zxkane/openhands-infra there and run 'npm ci && npx tsc' in it, or unset BENCH_PEER_DIR." >&2
    exit 2
  fi
fi

mvn -B -ntp -q -DskipTests package
# Lets bin/openhands record the build, so no timed run includes one.
bin/openhands validate >/dev/null

# Runs a command under bench/peak_rss.py (its output to LOG); prints "<wall s> <peak tree KiB> <CPU s> <largest
# process KiB>"; stops the bench if the command fails.
measure() {
  local log=$1
  shift
  local result
  if ! result=$(python3 "$root/bench/peak_rss.py" "$log" "$@"); then
    echo "bench: '$*' failed; the end of its output ($log):" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  echo "$result"
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# console.time's figure as milliseconds: "12.3ms", "4.567s" or "1:02.345 (m:ss.mmm)".
to_ms() {
  awk '{v=$1; if (v ~ /ms$/) {sub(/ms$/, "", v); print v+0}
        else if (v ~ /s$/) {sub(/s$/, "", v); print v*1000}
        else {n=split(v, p, ":"); t=0; for (i=1; i<=n; i++) t=t*60+p[i]; print t*1000}}'
}
# Median, in ms, of the jsii kernel timings whose label matches a pattern, e.g. require(.../provider-aws/lib/index.js).
kernel_median() {
  grep -E "^\[@jsii/kernel:timing\] $1" "$out_dir/kernel-timing.txt" | sed -E 's/.*: //; s/ .*//' | to_ms | median
}

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), node $(node --version), load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "$out_dir/synth.log" bin/openhands synth -o "$out_dir/cdktf.out" >/dev/null
walls=()
rsss=()
cpus=()
largests=()
: > "$out_dir/timing.txt"
: > "$out_dir/kernel-timing.txt"
peer_context=${BENCH_PEER_CONTEXT:-'{"vpcId":"vpc-0123456789abcdef0","hostedZoneId":"Z0123456789ABC","domainName":"example.com","aws:cdk:bundling-stacks":[]}'}
peer_walls=()
peer_rsss=()
bundled_walls=()
bundled_rsss=()
# One synth of the peer's app, as the CDK CLI starts it; prints the measure figures.
peer_synth() {
  local app
  app=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["app"])' "$peer_dir/cdk.json")
  rm -rf "$out_dir/peer-cdk.out"
  # shellcheck disable=SC2086 # the app command is a command line
  measure "$out_dir/peer-synth.log" env -C "$peer_dir" CDK_OUTDIR="$out_dir/peer-cdk.out" \
    CDK_CONTEXT_JSON="$peer_context" CDK_DEFAULT_ACCOUNT=123456789012 CDK_DEFAULT_REGION=eu-west-1 $app
}
for i in $(seq 1 "$runs"); do
  result=$(measure "$out_dir/synth.log" env OPENHANDS_TIMING=1 JSII_DEBUG_TIMING=1 \
    bin/openhands synth -o "$out_dir/cdktf.out")
  read -r wall rss_kib cpu largest_kib <<< "$result"
  walls+=("$wall")
  rsss+=("$rss_kib")
  cpus+=("$cpu")
  largests+=("$largest_kib")
  grep '^timing' "$out_dir/synth.log" >> "$out_dir/timing.txt" || true
  grep '^\[@jsii/kernel:timing\]' "$out_dir/synth.log" >> "$out_dir/kernel-timing.txt" || true
  echo "synth run $i: ${wall} s wall, $((rss_kib / 1024)) MiB peak RSS (JVM + Node), ${cpu} s CPU," \
    "largest process $((largest_kib / 1024)) MiB"
  if [ "${BENCH_JSII_LAUNCHERS:-0}" = 1 ]; then
    read -r wall rss_kib _ <<< "$(measure "$out_dir/synth-bundled.log" env OPENHANDS_JSII_DIRECT=off \
      bin/openhands synth -o "$out_dir/cdktf-bundled.out")"
    bundled_walls+=("$wall")
    bundled_rsss+=("$rss_kib")
    echo "synth run $i through jsii's own launcher: ${wall} s wall, $((rss_kib / 1024)) MiB peak RSS"
  fi
  if [ -n "$peer_dir" ]; then
    read -r wall rss_kib _ <<< "$(peer_synth)"
    peer_walls+=("$wall")
    peer_rsss+=("$rss_kib")
    echo "peer synth run $i: ${wall} s wall, $((rss_kib / 1024)) MiB peak RSS (whole process tree)"
  fi
done
echo "synth median of $runs: $(printf '%s\n' "${walls[@]}" | median) s wall," \
  "$(( $(printf '%s\n' "${rsss[@]}" | median | cut -d. -f1) / 1024 )) MiB peak RSS," \
  "$(printf '%s\n' "${cpus[@]}" | median) s CPU (user + system, whole tree)," \
  "largest process $(( $(printf '%s\n' "${largests[@]}" | median | cut -d. -f1) / 1024 )) MiB"
if [ "${BENCH_JSII_LAUNCHERS:-0}" = 1 ]; then
  echo "synth median of $runs through jsii's own launcher (OPENHANDS_JSII_DIRECT=off):" \
    "$(printf '%s\n' "${bundled_walls[@]}" | median) s wall," \
    "$(( $(printf '%s\n' "${bundled_rsss[@]}" | median | cut -d. -f1) / 1024 )) MiB peak RSS;" \
    "output $(diff -rq "$out_dir/cdktf.out" "$out_dir/cdktf-bundled.out" >/dev/null && echo identical || echo DIFFERENT)"
fi
echo "resources synthesized: $(python3 -c 'import json,glob,sys; print(sum(len(v) for f in glob.glob(sys.argv[1] + "/stacks/*/cdk.tf.json") for v in json.load(open(f)).get("resource", {}).values()))' "$out_dir/cdktf.out")"
echo "phase medians (ms):"
for phase in jvm-to-main config-load artifact-hash jsii-wait jsii-and-provider-load construct aspects synth-write total; do
  printf '  %-24s %s\n' "$phase" "$(awk -v p="$phase" '$2 == p {print $3}' "$out_dir/timing.txt" | median)"
done
echo "inside jsii-and-provider-load, jsii kernel medians (ms, JSII_DEBUG_TIMING):"
printf '  %-24s %s\n' "cdktf require" "$(kernel_median 'require\(.*/node_modules/cdktf/lib/index\.js\)')"
printf '  %-24s %s\n' "provider tar.extract" "$(kernel_median 'tar\.extract\(.*provider-aws@')"
printf '  %-24s %s\n' "provider assembly load" "$(kernel_median 'loadAssemblyFromPath\(.*/@cdktf/provider-aws\)')"
printf '  %-24s %s\n' "provider require" "$(kernel_median 'require\(.*/@cdktf/provider-aws/lib/index\.js\)')"

# Round trips across the jsii bridge: a count, not a time, so it is the same on a busy machine and shows what a change
# to construction or the aspects saves. JSII_DEBUG prints every request (">") and every callback into Java. Counted
# wherever they start on a line: Node's own debug output shares the stream and sometimes leaves a line unfinished.
# Object creations ({"fqn":...}) are requests too, one per construct; the "requests" figure before 2026-11-30 (1,595)
# counted only the others ({"api":...}).
JSII_DEBUG=1 bin/openhands synth -o "$out_dir/cdktf.out" >/dev/null 2>"$out_dir/jsii-debug.txt"
other_requests=$(grep -o '> {"api"' "$out_dir/jsii-debug.txt" | wc -l)
creations=$(grep -o '> {"fqn"' "$out_dir/jsii-debug.txt" | wc -l)
echo "jsii round trips per synth: ${other_requests} requests from Java besides ${creations} object creations," \
  "$(grep -o '< {"callback"' "$out_dir/jsii-debug.txt" | wc -l) callbacks into Java"
rm -f "$out_dir/jsii-debug.txt"

for i in $(seq 1 "$emulator_runs"); do
  result=$(measure "$out_dir/emulator.log" bin/openhands emulator pilot)
  read -r wall _ <<< "$result"
  echo "emulator run $i: ${wall} s wall for synth + moto start + init + apply + re-plan + destroy"
done

if [ -n "$peer_dir" ]; then
  peer_resources=$(python3 -c 'import json,glob,sys; print(sum(len(json.load(open(f)).get("Resources", {})) for f in glob.glob(sys.argv[1] + "/*.template.json")))' "$out_dir/peer-cdk.out")
  echo "peer synth median of $runs: $(printf '%s\n' "${peer_walls[@]}" | median) s wall," \
    "$(( $(printf '%s\n' "${peer_rsss[@]}" | median | cut -d. -f1) / 1024 )) MiB peak RSS, $peer_resources resources"
fi
