#!/usr/bin/env bash
# Builds the OpenHands app image with the openhands_platform plugin (plugin/Containerfile) on top of the stock image
# already mirrored into the environment's ECR repository, and pushes it there under an immutable tag:
#   <version>-ohp-<commit of plugin/>     e.g. 0.62.0-ohp-1c4ad58
#
#   bash scripts/build-app-image.sh --account 123456789012 --region eu-west-1 --env staging --version 0.62.0 [--push]
#
# Options: --repository NAME (default openhands-<env>/openhands), --base-tag TAG (default <version>, the mirrored
# stock image), --ca-bundle FILE (an RDS CA bundle already downloaded; default: fetch it from the RDS trust store).
# Needs podman (or CONTAINER_CLI=docker), the AWS CLI with credentials for the account (for --push), and the
# plugin's tests passing: they run first. Prints the image reference and the contract check to run inside it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=${CONTAINER_CLI:-podman}
account="" region="" env_name="" version="" repository="" base_tag="" ca_bundle="" push=false

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --account) account=${2:?}; shift 2 ;;
    --region) region=${2:?}; shift 2 ;;
    --env) env_name=${2:?}; shift 2 ;;
    --version) version=${2:?}; shift 2 ;;
    --repository) repository=${2:?}; shift 2 ;;
    --base-tag) base_tag=${2:?}; shift 2 ;;
    --ca-bundle) ca_bundle=${2:?}; shift 2 ;;
    --push) push=true; shift ;;
    -h|--help) usage ;;
    *) echo "build-app-image: unknown option $1" >&2; usage ;;
  esac
done
[[ "$account" =~ ^[0-9]{12}$ ]] || { echo "build-app-image: --account must be a 12-digit AWS account id" >&2; exit 2; }
[[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || { echo "build-app-image: --region must be an AWS region, e.g. eu-west-1" >&2; exit 2; }
[[ "$env_name" =~ ^[a-z][a-z0-9-]*$ ]] || { echo "build-app-image: --env must name an environment (environments/<env>.yaml)" >&2; exit 2; }
[[ "$version" =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] || { echo "build-app-image: --version must be an OpenHands release, e.g. 0.62.0" >&2; exit 2; }
command -v "$cli" >/dev/null 2>&1 || { echo "build-app-image: $cli is missing: apt-get install podman (or set CONTAINER_CLI=docker)" >&2; exit 1; }

registry=$account.dkr.ecr.$region.amazonaws.com
repository=${repository:-openhands-$env_name/openhands}
base=$registry/$repository:${base_tag:-$version}
if ! git -C "$root" diff --quiet HEAD -- plugin; then
  echo "build-app-image: plugin/ has uncommitted changes: commit them, the tag names the commit" >&2
  exit 1
fi
commit=$(git -C "$root" log -1 --format=%h -- plugin)
target=$registry/$repository:$version-ohp-$commit

echo "build-app-image: plugin tests" >&2
/usr/bin/python3 -m pytest -q -p no:cacheprovider "$root/plugin/tests" >&2

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp -r "$root/plugin/openhands_platform" "$root/plugin/contract_check.py" "$context/"
mkdir -p "$context/tests" && cp -r "$root/plugin/tests/stubs" "$context/tests/"
if [ -n "$ca_bundle" ]; then
  cp "$ca_bundle" "$context/rds-global-bundle.pem"
else
  curl -fsS --proto '=https' https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem -o "$context/rds-global-bundle.pem"
fi
certs=$(grep -c 'BEGIN CERTIFICATE' "$context/rds-global-bundle.pem" || true)
[ "$certs" -gt 0 ] || { echo "build-app-image: the RDS CA bundle holds no certificate" >&2; exit 1; }
echo "build-app-image: RDS CA bundle with $certs certificates, sha256 $(sha256sum "$context/rds-global-bundle.pem" | cut -d' ' -f1)" >&2

if [ "$push" = true ]; then
  aws ecr get-login-password --region "$region" | "$cli" login --username AWS --password-stdin "$registry"
fi
"$cli" build --platform linux/arm64 --build-arg "BASE_IMAGE=$base" -f "$root/plugin/Containerfile" -t "$target" "$context"
if [ "$push" = true ]; then
  "$cli" push "$target"
fi
echo "$target"
echo "build-app-image: before rolling it out, run the contract check inside it with the task's environment:" >&2
echo "  $cli run --rm --env-file task.env --entrypoint python $target /app/ohp/contract_check.py" >&2
