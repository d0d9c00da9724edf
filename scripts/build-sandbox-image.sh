#!/usr/bin/env bash
# Builds the sandbox image with the V1 deny-list tool (plugin/sandbox.Containerfile) on top of the agent server's
# Python build already mirrored into the environment's ECR repository, and pushes it there under an immutable tag:
#   <base tag>-ohp-<commit of plugin/>     e.g. 1.0.0-python-ohp-1c4ad58
#
#   bash scripts/build-sandbox-image.sh --account 123456789012 --region eu-west-1 --base-tag 1.0.0-python [--push]
#
# Options: --repository NAME (default openhands/agent-server), --dry-run (print the commands instead of running them;
# nothing is built, pushed or tested). Needs podman (or CONTAINER_CLI=docker), the AWS CLI with credentials for the
# account (for --push), and the plugin's tests passing: they run first. Prints the image reference for sandbox.images
# (with sandbox.denyList "tool"); the build fails on a base that is not the Python build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=${CONTAINER_CLI:-podman}
account="" region="" repository="openhands/agent-server" base_tag="" push=false dry_run=false

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
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
    --base-tag) base_tag=${2:?}; shift 2 ;;
    --push) push=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage ;;
    *) echo "build-sandbox-image: unknown option $1" >&2; usage ;;
  esac
done
[[ "$account" =~ ^[0-9]{12}$ ]] || fail "--account must be a 12-digit AWS account id"
[[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || fail "--region must be an AWS region, e.g. eu-west-1"
[[ "$repository" =~ ^[a-z0-9][a-z0-9._/-]{1,255}$ ]] || fail "--repository must be an ECR repository name, e.g. openhands/agent-server"
[[ "$base_tag" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$ ]] \
  || fail "--base-tag must name the mirrored agent-server image's Python build, e.g. 1.0.0-python"
[[ "$base_tag" != *-ohp-* ]] || fail "--base-tag $base_tag is already a derived image: name the mirrored stock tag"
if [ "$dry_run" = false ]; then
  command -v "$cli" >/dev/null 2>&1 || fail "$cli is missing: apt-get install podman (or set CONTAINER_CLI=docker)" 1
fi

registry=$account.dkr.ecr.$region.amazonaws.com
if ! git -C "$root" diff --quiet HEAD -- plugin; then
  [ "$dry_run" = true ] || fail "plugin/ has uncommitted changes: commit them, the tag names the commit" 1
  echo "build-sandbox-image: plugin/ has uncommitted changes; a real build refuses them" >&2
fi
commit=$(git -C "$root" log -1 --format=%h --abbrev=7 -- plugin)
base=$registry/$repository:$base_tag
target=$registry/$repository:$base_tag-ohp-$commit

echo "build-sandbox-image: plugin tests" >&2
run /usr/bin/python3 -m pytest -q -p no:cacheprovider "$root/plugin/tests" >&2

# The context is the committed plugin package only (the commit the tag names), no caches.
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
git -C "$root" archive --format=tar HEAD plugin/openhands_platform | tar -x -C "$context" --strip-components=1

if [ "$push" = true ]; then
  if [ "$dry_run" = true ]; then
    echo "+ aws ecr get-login-password --region $region | $cli login --username AWS --password-stdin $registry"
  else
    aws ecr get-login-password --region "$region" | "$cli" login --username AWS --password-stdin "$registry"
  fi
fi
run "$cli" build --platform linux/arm64 --build-arg "BASE_IMAGE=$base" -f "$root/plugin/sandbox.Containerfile" -t "$target" "$context"
if [ "$push" = true ]; then
  run "$cli" push "$target"
fi
echo "$target"
echo "build-sandbox-image: name it in environments/<env>.json as sandbox.images (every entry a derived image) with" >&2
echo "  sandbox.denyList \"tool\", then deploy: the app asks sandboxes for DenyListBashTool (docs/operations.md)." >&2
