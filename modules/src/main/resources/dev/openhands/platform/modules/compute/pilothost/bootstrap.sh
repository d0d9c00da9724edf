#!/bin/bash
# Prepares the OpenHands pilot host. Idempotent: safe to re-run (cloud-init runs it once per instance).
set -euo pipefail

# shellcheck source=/dev/null
. /etc/openhands/host.env

: "${AWS_REGION:?}" "${ECR_REGISTRY:?}" "${APP_IMAGE:?}" "${RUNTIME_IMAGE:?}" "${LOG_GROUP:?}"
: "${HOST_PROVISIONING:?}" "${EGRESS_MODE:?}" "${APP_FIRST_SUBID:?}" "${SANDBOX_FIRST_SUBID:?}" "${SUBID_COUNT:?}"

APP_USER=openhands
SANDBOX_USER=ohsandbox
STATE_DIR=/var/lib/openhands/state
SOCKET_DIR=/run/openhands-sandbox
REQUIRED_COMMANDS=(podman crun slirp4netns newuidmap nft jq docker-credential-ecr-login)

log() { printf 'openhands-bootstrap: %s\n' "$*"; }
fail() { log "FATAL: $*"; exit 1; }

install_packages() {
  if [ "$HOST_PROVISIONING" = "packages" ]; then
    log "installing host packages from the Ubuntu archive"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends podman crun slirp4netns uidmap catatonit nftables jq \
      amazon-ecr-credential-helper squid curl
    local deb=/tmp/amazon-cloudwatch-agent.deb
    curl -fsSL --retry 5 -o "$deb" \
      "https://amazoncloudwatch-agent-${AWS_REGION}.s3.${AWS_REGION}.amazonaws.com/ubuntu/arm64/latest/amazon-cloudwatch-agent.deb"
    dpkg -i "$deb"
    rm -f "$deb"
  fi
  local missing=()
  local cmd
  for cmd in "${REQUIRED_COMMANDS[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
  done
  if [ "$EGRESS_MODE" = "allowlist" ]; then
    command -v squid >/dev/null 2>&1 || missing+=(squid)
  fi
  [ ${#missing[@]} -eq 0 ] || fail "missing on this image: ${missing[*]} (bake them into the AMI or use hostProvisioning=packages)"
}

ensure_user() {
  local name=$1 first_subid=$2
  if ! id "$name" >/dev/null 2>&1; then
    useradd --create-home --shell /usr/sbin/nologin --user-group "$name"
  fi
  local last_subid=$((first_subid + SUBID_COUNT - 1))
  if ! grep -q "^${name}:" /etc/subuid; then
    usermod --add-subuids "${first_subid}-${last_subid}" --add-subgids "${first_subid}-${last_subid}" "$name"
  fi
  # The host firewall matches the sandbox user's subordinate uids by number: a different range from the image
  # would leave processes under it outside the egress rules.
  local file
  for file in /etc/subuid /etc/subgid; do
    grep -qx "${name}:${first_subid}:${SUBID_COUNT}" "$file" \
      || fail "${file} gives ${name} $(grep "^${name}:" "$file" | tr '\n' ' ')instead of ${first_subid}:${SUBID_COUNT}"
  done
  loginctl enable-linger "$name"
  local uid
  uid=$(id -u "$name")
  local waited=0
  until [ -d "/run/user/${uid}" ]; do
    sleep 1
    waited=$((waited + 1))
    [ "$waited" -lt 60 ] || fail "systemd user manager for ${name} did not start"
  done
}

as_user() {
  local name=$1
  shift
  local uid
  uid=$(id -u "$name")
  (cd / && sudo -u "$name" XDG_RUNTIME_DIR="/run/user/${uid}" DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/${uid}/bus" "$@")
}

configure_sandbox_user() {
  local home
  home=$(getent passwd "$SANDBOX_USER" | cut -d: -f6)
  install -d -o "$SANDBOX_USER" -g "$SANDBOX_USER" -m 0700 "$home/.config" "$home/.config/containers" \
    "$home/.config/systemd" "$home/.config/systemd/user" "$home/.config/systemd/user/podman.socket.d"
  install -o "$SANDBOX_USER" -g "$SANDBOX_USER" -m 0600 /etc/openhands/sandbox-containers.conf \
    "$home/.config/containers/containers.conf"
  install -o "$SANDBOX_USER" -g "$SANDBOX_USER" -m 0644 /etc/openhands/sandbox-podman-socket.conf \
    "$home/.config/systemd/user/podman.socket.d/openhands.conf"
  printf 'd %s 0750 %s %s -\n' "$SOCKET_DIR" "$SANDBOX_USER" "$SANDBOX_USER" > /etc/tmpfiles.d/openhands-sandbox.conf
  systemd-tmpfiles --create /etc/tmpfiles.d/openhands-sandbox.conf
  usermod --append --groups "$SANDBOX_USER" "$APP_USER"
  as_user "$SANDBOX_USER" systemctl --user daemon-reload
  as_user "$SANDBOX_USER" systemctl --user enable --now podman.socket
}

configure_firewall() {
  install -d -m 0755 /etc/nftables.d
  install -m 0644 /etc/openhands/openhands.nft /etc/nftables.d/openhands.nft
  grep -q 'include "/etc/nftables.d/\*.nft"' /etc/nftables.conf || echo 'include "/etc/nftables.d/*.nft"' >> /etc/nftables.conf
  systemctl enable nftables
  nft -f /etc/nftables.d/openhands.nft
}

configure_proxy() {
  if [ "$EGRESS_MODE" != "allowlist" ]; then
    log "egress mode ${EGRESS_MODE}: no forward proxy, sandboxes have no path out"
    return
  fi
  install -m 0644 /etc/openhands/squid.conf /etc/squid/squid.conf
  squid -k parse
  systemctl enable squid
  systemctl restart squid
}

configure_logs() {
  local agent=/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl
  if [ -x "$agent" ]; then
    "$agent" -a fetch-config -m ec2 -s -c file:/etc/openhands/cloudwatch-agent.json
  else
    log "CloudWatch agent not installed: host logs stay local"
  fi
}

registry_login() {
  install -m 0755 /etc/openhands/registry-login.sh /usr/local/sbin/openhands-registry-login
  /usr/local/sbin/openhands-registry-login
  systemctl daemon-reload
  systemctl enable --now openhands-registry-login.timer
}

start_app() {
  local home
  home=$(getent passwd "$APP_USER" | cut -d: -f6)
  install -d -o "$APP_USER" -g "$APP_USER" -m 0700 "$home/.config" "$home/.config/containers" \
    "$home/.config/containers/systemd"
  install -o "$APP_USER" -g "$APP_USER" -m 0644 /etc/openhands/openhands-app.container \
    "$home/.config/containers/systemd/openhands-app.container"
  install -d -o "$APP_USER" -g "$APP_USER" -m 0700 /var/lib/openhands /var/lib/openhands/state
  if [ ! -f "$STATE_DIR/settings.json" ]; then
    install -o "$APP_USER" -g "$APP_USER" -m 0600 /etc/openhands/settings.json "$STATE_DIR/settings.json"
  fi
  # The images may not be mirrored into ECR yet on the first deploy: the app unit keeps retrying, and the
  # sandbox image is pulled on first use, so a missing image delays the UI instead of failing the boot.
  as_user "$SANDBOX_USER" podman pull --quiet "$RUNTIME_IMAGE" \
    || log "WARNING: ${RUNTIME_IMAGE} not pullable yet; mirror it into ECR (docs/pilot-images.md)"
  as_user "$APP_USER" podman pull --quiet "$APP_IMAGE" \
    || log "WARNING: ${APP_IMAGE} not pullable yet; the app starts once it is in ECR"
  as_user "$APP_USER" systemctl --user daemon-reload
  as_user "$APP_USER" systemctl --user start openhands-app.service
}

disable_ssh() {
  # Operators use SSM Session Manager; nothing should listen for SSH.
  systemctl disable --now ssh.socket ssh.service 2>/dev/null || true
}

main() {
  disable_ssh
  install_packages
  ensure_user "$APP_USER" "$APP_FIRST_SUBID"
  ensure_user "$SANDBOX_USER" "$SANDBOX_FIRST_SUBID"
  configure_firewall
  configure_sandbox_user
  configure_proxy
  configure_logs
  registry_login
  start_app
  log "ready: OpenHands listens on 127.0.0.1:3000 (reach it with SSM port forwarding)"
}

main "$@"
