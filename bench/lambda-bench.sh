#!/usr/bin/env bash
# The orchestrator handlers' speed against moto_server: cold init of a fresh JVM (no SnapStart) and the
# per-request overhead of a warm handler. Usage: bash bench/lambda-bench.sh [COLD_RUNS] [REQUESTS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
cold_runs=${1:-5}
requests=${2:-1000}
mvn -q -B -ntp -DskipTests install -pl emulator >/dev/null
mvn -q -B -ntp -DskipTests test-compile -pl lambda >/dev/null
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -ntp -pl lambda dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$root/lambda/target/test-classes:$root/lambda/target/classes:$(cat "$cp_file")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
exec java -cp "$classpath" dev.openhands.platform.sandbox.bench.HandlerBenchmark "$cold_runs" "$requests"
