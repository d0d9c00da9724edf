#!/bin/bash
# Refreshes the ECR login of the app and sandbox users. Runs as root: only root may use the instance role's
# credentials here, since the sandbox user is firewalled off the metadata service.
set -euo pipefail

# shellcheck source=/dev/null
. /etc/openhands/host.env
: "${ECR_REGISTRY:?}"

token=$(printf '%s' "$ECR_REGISTRY" | docker-credential-ecr-login get | jq -r '.Secret')
if [ -z "$token" ] || [ "$token" = "null" ]; then
  echo "openhands-registry-login: no ECR token for ${ECR_REGISTRY}" >&2
  exit 1
fi

for user in openhands ohsandbox; do
  uid=$(id -u "$user")
  home=$(getent passwd "$user" | cut -d: -f6)
  printf '%s' "$token" | (cd / && sudo -u "$user" XDG_RUNTIME_DIR="/run/user/${uid}" \
    podman login --authfile "$home/.config/containers/auth.json" --username AWS --password-stdin "$ECR_REGISTRY" >/dev/null)
done
