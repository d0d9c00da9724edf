#!/usr/bin/env bash
# The test command: unit and synth tests, terraform validate of every stack with the real AWS provider,
# cloud-init and shellcheck checks of the host set-up, and a real apply of the pilot against moto_server.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
mvn -B -ntp verify "$@"
