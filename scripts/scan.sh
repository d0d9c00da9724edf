#!/usr/bin/env bash
# Runs the ecosystem's IaC scanners over the synthesized stacks: checkov (terraform_json framework, which reads
# cdk.tf.json) and, when it is installed, trivy's config scan. Fails on every finding that no entry of
# .github/scanners/suppressions.yaml covers; the guard-rails that every synth enforces are in docs/guardrails.md.
#
#   bash scripts/scan.sh [STACKS_DIR] [--report FILE] [--raw-reports DIR] [--require-trivy]
#
# STACKS_DIR defaults to cdktf.out/stacks (run bin/openhands synth first). --report writes the Markdown summary to
# FILE as well as to standard output; --raw-reports keeps the scanners' JSON reports in DIR. --require-trivy (the
# plan workflow) fails when trivy is missing instead of scanning with checkov alone. Exit 0 clean, 1 findings outside the suppressions, 2 a tool or an input is missing.
# The suppressions are reviewed against these exact versions: other versions find other things, so they are refused.
set -euo pipefail

CHECKOV_VERSION=3.3.13
TRIVY_VERSION=0.74.0

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
suppressions="$root/.github/scanners/suppressions.yaml"
stacks=cdktf.out/stacks
report=""
raw=""
require_trivy=false
while [ $# -gt 0 ]; do
  case "$1" in
    --report) report="${2:?--report needs a file}"; shift ;;
    --raw-reports) raw="${2:?--raw-reports needs a directory}"; shift ;;
    --require-trivy) require_trivy=true ;;
    -*) echo "scan: unknown option $1 (usage: scripts/scan.sh [STACKS_DIR] [--report FILE] [--raw-reports DIR] [--require-trivy])" >&2; exit 2 ;;
    *) stacks="$1" ;;
  esac
  shift
done

fail() {
  echo "scan: $*" >&2
  exit 2
}

checkov_install="pip install checkov==$CHECKOV_VERSION"
trivy_install="install trivy $TRIVY_VERSION from its release page or apt repository (see docs/guardrails.md)"
command -v checkov > /dev/null || fail "checkov is not installed: $checkov_install"
found=$(checkov --version 2> /dev/null | tail -n 1)
[ "$found" = "$CHECKOV_VERSION" ] || fail "checkov ${found:-(no version)} is installed; the suppressions are reviewed against $CHECKOV_VERSION: $checkov_install"
notes=()
trivy=false
if command -v trivy > /dev/null; then
  found=$(trivy --version 2> /dev/null | sed -n 's/^Version: //p' | head -n 1)
  [ "$found" = "$TRIVY_VERSION" ] || fail "trivy ${found:-(no version)} is installed; the suppressions are reviewed against $TRIVY_VERSION: $trivy_install"
  trivy=true
elif [ "$require_trivy" = true ]; then
  fail "trivy is not installed: $trivy_install"
else
  echo "scan: trivy is not installed, so only checkov runs ($trivy_install)" >&2
  notes+=(--note "trivy is not installed here, so only checkov ran ($trivy_install)")
fi
python3 -c 'import yaml' 2> /dev/null || fail "python3 $(command -v python3) lacks PyYAML, which reads $suppressions: pip install pyyaml"

[ -d "$stacks" ] || fail "no stacks directory at $stacks: run bin/openhands synth first"
compgen -G "$stacks/*/cdk.tf.json" > /dev/null || fail "no */cdk.tf.json under $stacks: run bin/openhands synth first"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --soft-fail: findings are judged against the suppressions below, not by checkov's exit code; --skip-download:
# no call to the vendor's platform, so the same input gives the same report.
checkov --directory "$stacks" --framework terraform_json --output json --output-file-path "$work/checkov" \
  --quiet --compact --soft-fail --skip-download > "$work/checkov.log" 2>&1 \
  || { cat "$work/checkov.log" >&2; fail "checkov failed"; }
[ -f "$work/checkov/results_json.json" ] || { cat "$work/checkov.log" >&2; fail "checkov wrote no report"; }
args=(--checkov "$work/checkov/results_json.json" --checkov-version "$CHECKOV_VERSION")

if [ "$trivy" = true ]; then
  # An empty cache and --skip-check-update make trivy use the checks embedded in the pinned binary, not whatever
  # bundle its registry serves today.
  trivy config --format json --output "$work/trivy.json" --exit-code 0 --skip-check-update \
    --cache-dir "$work/trivy-cache" --misconfig-scanners terraform --quiet "$stacks" > "$work/trivy.log" 2>&1 \
    || { cat "$work/trivy.log" >&2; fail "trivy failed"; }
  args+=(--trivy "$work/trivy.json" --trivy-version "$TRIVY_VERSION")
fi

if [ -n "$raw" ]; then
  mkdir -p "$raw"
  cp "$work/checkov/results_json.json" "$raw/checkov.json"
  if [ "$trivy" = true ]; then cp "$work/trivy.json" "$raw/trivy.json"; fi
fi

status=0
python3 "$root/scripts/scan_findings.py" --suppressions "$suppressions" "${args[@]}" "${notes[@]}" \
  --report "$work/summary.md" || status=$?
[ "$status" -le 1 ] || exit "$status"
cat "$work/summary.md"
if [ -n "$report" ]; then
  cp "$work/summary.md" "$report"
fi
exit "$status"
