#!/usr/bin/env bash
# The test command: the OpenHands plugin's Python tests (plugin/tests), unit and synth tests, terraform validate of
# every stack with the real AWS provider, cloud-init and shellcheck checks of the host set-up, the sandbox
# orchestrator's handlers against moto_server, the project-local cdktf CLI (synth and list), and real applies of the
# stacks against moto_server.
#
#   bash scripts/test.sh            everything (about 20 minutes): before pushing, and in CI
#   bash scripts/test.sh --quick    everything except the Terraform applies against moto_server (the test classes
#                                   tagged emulator-apply): the loop while developing; the plugin's tests run in both
#
# Any other argument goes to mvn as is, e.g. bash scripts/test.sh --quick -pl modules -am
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

mvn_args=()
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then
    mvn_args+=("-DexcludedGroups=emulator-apply")
  else
    mvn_args+=("$arg")
  fi
done

bash scripts/setup.sh
# A few seconds; first, so a broken plugin fails before the long Maven run.
/usr/bin/python3 -m pytest -q -p no:cacheprovider plugin/tests
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
mvn -B -ntp verify "${mvn_args[@]}"
