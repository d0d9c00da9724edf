#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh machine of this project's kind (Debian, root or sudo),
# then checks every tool, then installs the CDKTF CLI pinned in package.json into ./node_modules.
# Safe to re-run: it installs only what is missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

need_apt=()
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
command -v cloud-init >/dev/null 2>&1 || need_apt+=(cloud-init)
# squid lives in /usr/sbin, which is not on every user's PATH.
command -v squid >/dev/null 2>&1 || [ -x /usr/sbin/squid ] || need_apt+=(squid)
# nft lives in /usr/sbin too.
command -v nft >/dev/null 2>&1 || [ -x /usr/sbin/nft ] || need_apt+=(nftables)
# The plugin's tests (plugin/tests) run on Debian's own Python with Debian's PyJWT, cryptography and pytest: PyPI is
# not reachable from this project's machines, and the python3 first on PATH may be another interpreter.
/usr/bin/python3 -c 'import jwt, cryptography, pytest' >/dev/null 2>&1 || need_apt+=(python3 python3-jwt python3-cryptography python3-pytest)
# So do nginx and dnsmasq: the sandbox router test runs the generated nginx.conf against dnsmasq serving the zone.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || need_apt+=(dnsmasq-base)

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
  if [[ " ${need_apt[*]} " == *" squid "* ]] && command -v systemctl >/dev/null 2>&1; then
    # The egress tests start their own squid on a loopback port; the package's system proxy on 3128 is not wanted.
    "${sudo_cmd[@]}" systemctl disable --now squid >/dev/null 2>&1 || true
  fi
  if [[ " ${need_apt[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1; then
    # Likewise nginx: the router test starts its own on a loopback port, not the package's server on port 80.
    "${sudo_cmd[@]}" systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
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
check npm "install npm (it ships with Node.js; on Debian: apt-get install npm): it installs the pinned cdktf-cli"
check terraform "install Terraform 1.10 or newer from HashiCorp's releases"
check moto_server "install moto with server extras: pip install 'moto[server]>=5.1'"
check shellcheck "apt-get install shellcheck"
check cloud-init "apt-get install cloud-init"
if ! command -v nft >/dev/null 2>&1 && [ ! -x /usr/sbin/nft ]; then
  echo "setup: nft is missing: apt-get install nftables (the pilot firewall test loads the real rules)" >&2
  missing=1
fi
if ! command -v squid >/dev/null 2>&1 && [ ! -x /usr/sbin/squid ]; then
  echo "setup: squid is missing: apt-get install squid (the egress allow-list tests run the real proxy)" >&2
  missing=1
fi
if ! /usr/bin/python3 -c 'import jwt, cryptography, pytest' >/dev/null 2>&1; then
  echo "setup: /usr/bin/python3 cannot import jwt, cryptography and pytest: apt-get install python3-jwt python3-cryptography python3-pytest (the plugin's tests)" >&2
  missing=1
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "setup: nginx is missing: apt-get install nginx (the sandbox router test runs the real proxy)" >&2
  missing=1
fi
if ! command -v dnsmasq >/dev/null 2>&1 && [ ! -x /usr/sbin/dnsmasq ]; then
  echo "setup: dnsmasq is missing: apt-get install dnsmasq-base (the sandbox router test serves the orchestrator's records with it)" >&2
  missing=1
fi
[ "$missing" -eq 0 ] || exit 1

# The CDKTF CLI, exactly the version package.json pins, local to the project (npx cdktf, node_modules/.bin/cdktf).
# npm ci installs what package-lock.json records; install scripts are skipped: the only one, node-pty's (used by
# cdktf deploy), would only check the prebuilt binary its package ships, or try to download or compile one.
cd "$root"
pinned=$(node -p 'require("./package.json").devDependencies["cdktf-cli"]')
installed=""
if [ -x node_modules/.bin/cdktf ] && [ -f node_modules/cdktf-cli/package.json ]; then
  installed=$(node -p 'require("./node_modules/cdktf-cli/package.json").version')
fi
if [ "$installed" != "$pinned" ]; then
  echo "setup: installing cdktf-cli $pinned into node_modules (npm ci)" >&2
  log=$(mktemp)
  if ! npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "setup: npm ci failed (above): cdktf-cli $pinned is not installed; check that the npm registry is reachable" >&2
    exit 1
  fi
  rm -f "$log"
  installed=$(node -p 'require("./node_modules/cdktf-cli/package.json").version')
  if [ "$installed" != "$pinned" ]; then
    echo "setup: npm ci installed cdktf-cli $installed, package.json pins $pinned: regenerate package-lock.json" >&2
    exit 1
  fi
fi
if ! node -e 'require("@cdktf/node-pty-prebuilt-multiarch")' >/dev/null 2>&1; then
  echo "setup: warning: cdktf-cli's terminal module has no prebuilt binary for Node.js $(node --version);" \
    "cdktf synth and list work, cdktf deploy and diff will not: use Node.js 20" >&2
fi
echo "setup: toolchain ready (java, mvn, node, npm, terraform, moto_server, shellcheck, cloud-init, squid, nft, nginx, dnsmasq, cdktf-cli $installed)" >&2
