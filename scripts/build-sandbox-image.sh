#!/usr/bin/env bash
# Builds the sandbox image with the V1 deny-list tool and pushes it to the environment's ECR repository under an
# immutable tag:   <sdk commit>-source-ohp-<commit of plugin/>     e.g. d5995c3-source-ohp-1c4ad58
#
#   bash scripts/build-sandbox-image.sh --account 123456789012 --region eu-west-1 --sdk-checkout ../software-agent-sdk \
#     --sdk-ref d5995c3 [--push]
#
# Two builds. First the agent server's Python ("source") target, from a software-agent-sdk checkout at --sdk-ref
# (required: the agent server the app's OpenHands release names, e.g. d5995c3 for 0.62.0), for linux/arm64 on the base image the
# sdk's own workflow uses for its "python" variant: the published <ver>-python tags are the PyInstaller binary built
# on that base, which cannot import the plugin, and the source target is not published. Then plugin/sandbox.Containerfile
# on top of it. Options: --sdk-ref REF, --repository NAME (default openhands/agent-server), --dry-run (print the
# commands instead of running them; nothing is built, pushed or tested). Needs podman (or CONTAINER_CLI=docker), the
# AWS CLI with credentials for the account (for --push), and the plugin's tests passing: they run first. Prints the
# image reference for sandbox.images (with sandbox.denyList "tool").
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=${CONTAINER_CLI:-podman}
account="" region="" repository="openhands/agent-server" push=false dry_run=false
# No default: the sandbox's agent server must be the one the app's own release was built against (its V1 client talks
# to that server's API), and app.openhandsVersion differs per environment.
sdk_checkout="" sdk_ref=""
sdk_dockerfile="openhands-agent-server/openhands/agent_server/docker/Dockerfile"
sdk_workflow=".github/workflows/server.yml"

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
fail() { echo "build-sandbox-image: $1" >&2; exit "${2:-2}"; }
# The one place commands run: with --dry-run each is printed to the script's standard output (fd 3, whatever the
# call redirects), shell-quoted, one a line, prefixed "+ ".
exec 3>&1
run() {
  if [ "$dry_run" = true ]; then
    { printf '+'; printf ' %q' "$@"; printf '\n'; } >&3
  else
    "$@"
  fi
}
while [ $# -gt 0 ]; do
  case "$1" in
    --account) account=${2:?}; shift 2 ;;
    --region) region=${2:?}; shift 2 ;;
    --repository) repository=${2:?}; shift 2 ;;
    --sdk-checkout) sdk_checkout=${2:?}; shift 2 ;;
    --sdk-ref) sdk_ref=${2:?}; shift 2 ;;
    --push) push=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage ;;
    *) echo "build-sandbox-image: unknown option $1" >&2; usage ;;
  esac
done
[[ "$account" =~ ^[0-9]{12}$ ]] || fail "--account must be a 12-digit AWS account id"
[[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || fail "--region must be an AWS region, e.g. eu-west-1"
[[ "$repository" =~ ^[a-z0-9][a-z0-9._/-]{1,255}$ ]] || fail "--repository must be an ECR repository name, e.g. openhands/agent-server"
[ -n "$sdk_checkout" ] \
  || fail "--sdk-checkout must name a software-agent-sdk clone (git clone https://github.com/OpenHands/software-agent-sdk)"
[ -n "$sdk_ref" ] || fail "--sdk-ref must name the agent-server commit the app's OpenHands release names: the tag of AGENT_SERVER_IMAGE in openhands/app_server/sandbox/sandbox_spec_service.py at that release (ghcr.io/openhands/agent-server:<commit>-python; d5995c3 for 0.62.0)"
git -C "$sdk_checkout" rev-parse --git-dir >/dev/null 2>&1 || fail "--sdk-checkout $sdk_checkout is not a git checkout"
sdk_commit=$(git -C "$sdk_checkout" rev-parse --verify --quiet "$sdk_ref^{commit}") \
  || fail "--sdk-ref $sdk_ref is not a commit of $sdk_checkout: git -C $sdk_checkout fetch --tags origin"
git -C "$sdk_checkout" cat-file -e "$sdk_commit:$sdk_dockerfile" 2>/dev/null \
  || fail "--sdk-ref $sdk_ref has no $sdk_dockerfile: not an agent-server source tree"
git -C "$sdk_checkout" show "$sdk_commit:$sdk_dockerfile" | grep -Eq '^FROM .* AS source$' \
  || fail "--sdk-ref $sdk_ref: $sdk_dockerfile has no 'source' target (the Python build the deny-list tool needs)"
# The base the sdk's workflow builds its "python" variant on, read at the same commit (the Dockerfile's own default
# has differed from it).
sdk_base=$(git -C "$sdk_checkout" show "$sdk_commit:$sdk_workflow" 2>/dev/null \
  | awk '/^[[:space:]]*-[[:space:]]*variant:[[:space:]]*python[[:space:]]*$/ { python = 1; next }
         python && /^[[:space:]]*-[[:space:]]*variant:/ { python = 0 }
         python && /^[[:space:]]*base_image:/ { print $2; exit }')
[ -n "$sdk_base" ] || fail "--sdk-ref $sdk_ref: $sdk_workflow names no base_image for the python variant"
if [ "$dry_run" = false ]; then
  command -v "$cli" >/dev/null 2>&1 || fail "$cli is missing: apt-get install podman (or set CONTAINER_CLI=docker)" 1
fi

registry=$account.dkr.ecr.$region.amazonaws.com
if ! git -C "$root" diff --quiet HEAD -- plugin; then
  [ "$dry_run" = true ] || fail "plugin/ has uncommitted changes: commit them, the tag names the commit" 1
  echo "build-sandbox-image: plugin/ has uncommitted changes; a real build refuses them" >&2
fi
commit=$(git -C "$root" log -1 --format=%h --abbrev=7 -- plugin)
sdk_short=${sdk_commit:0:7}
base=localhost/openhands-agent-server:$sdk_short-source
target=$registry/$repository:$sdk_short-source-ohp-$commit

echo "build-sandbox-image: plugin tests" >&2
run /usr/bin/python3 -m pytest -q -p no:cacheprovider "$root/plugin/tests" >&2

# Both contexts are committed trees (the sdk at its commit, the plugin package at the commit the tag names), no caches.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/sdk" "$work/plugin"
git -C "$sdk_checkout" archive --format=tar "$sdk_commit" | tar -x -C "$work/sdk"
git -C "$root" archive --format=tar HEAD plugin/openhands_platform | tar -x -C "$work/plugin" --strip-components=1

if [ "$push" = true ]; then
  if [ "$dry_run" = true ]; then
    echo "+ aws ecr get-login-password --region $region | $cli login --username AWS --password-stdin $registry"
  else
    aws ecr get-login-password --region "$region" | "$cli" login --username AWS --password-stdin "$registry"
  fi
fi
run "$cli" build --platform linux/arm64 --target source --build-arg "BASE_IMAGE=$sdk_base" \
  --build-arg "OPENHANDS_BUILD_GIT_SHA=$sdk_commit" -f "$work/sdk/$sdk_dockerfile" -t "$base" "$work/sdk"
run "$cli" build --platform linux/arm64 --build-arg "BASE_IMAGE=$base" -f "$root/plugin/sandbox.Containerfile" \
  -t "$target" "$work/plugin"
if [ "$push" = true ]; then
  run "$cli" push "$target"
fi
echo "$target"
echo "build-sandbox-image: name it in environments/<env>.json as sandbox.images (every entry a derived image) with" >&2
echo "  sandbox.denyList \"tool\", then deploy: the app asks sandboxes for DenyListBashTool (docs/operations.md)." >&2
