#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh machine of this project's kind (Debian, root or sudo),
# then checks every tool. Safe to re-run: it installs only what is missing.
set -euo pipefail

need_apt=()
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
command -v cloud-init >/dev/null 2>&1 || need_apt+=(cloud-init)

if [ ${#need_apt[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing ${need_apt[*]} and no apt-get here: install them with your package manager" >&2
    exit 1
  fi
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "setup: installing ${need_apt[*]} from the Debian archive" >&2
  "${sudo_cmd[@]}" apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
fi

missing=0
check() {
  local tool=$1 hint=$2
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "setup: $tool is missing: $hint" >&2
    missing=1
  fi
}
check java "install a JDK 17 or newer (apt-get install openjdk-17-jdk-headless)"
check mvn "install Apache Maven 3.8 or newer (apt-get install maven)"
check node "install Node.js 20 or newer: jsii, the CDKTF runtime bridge, runs on it"
check terraform "install Terraform 1.10 or newer from HashiCorp's releases"
check moto_server "install moto with server extras: pip install 'moto[server]>=5.1'"
check shellcheck "apt-get install shellcheck"
check cloud-init "apt-get install cloud-init"
[ "$missing" -eq 0 ] || exit 1
echo "setup: toolchain ready (java, mvn, node, terraform, moto_server, shellcheck, cloud-init)" >&2
