#!/usr/bin/env bash
# The main job: build once, validate every environment file, synthesize every stack into cdktf.out/ (one JVM).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
mvn -B -ntp -q -DskipTests package
exec "$root/bin/openhands" synth "$@"
