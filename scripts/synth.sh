#!/usr/bin/env bash
# The main job: build once, validate every environment file, synthesize every stack into cdktf.out/ (one JVM).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# bin/openhands builds the project (mvn package) when it is missing or older than its sources.
exec "$root/bin/openhands" synth "$@"
