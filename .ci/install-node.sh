#!/usr/bin/env bash
# Installs the Node.js that .nvmrc names — the one place its exact version is written — unless
# NODE_LINK_DIR/node already is that version (idempotent: a second run changes nothing), then
# prints the version. CI machines are fresh Debian with Debian's Node 20; Node 22 LTS is not a
# Debian package there, but the npm registry serves the official binaries as the package
# node-linux-<arch>@<version> (npm pack checks its integrity). Installed into
# NODE_INSTALL_ROOT/node-v<version>-linux-<arch> (default /opt) and linked as NODE_LINK_DIR/node
# (default /usr/local/bin, which comes before /usr/bin on PATH). Needs npm (Debian's will do).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

version="$(tr -d '[:space:]' <.nvmrc)"
version="${version#v}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo ".nvmrc must hold an exact version (22.x.y), not '$version'" >&2; exit 1; }
root="${NODE_INSTALL_ROOT:-/opt}"
link_dir="${NODE_LINK_DIR:-/usr/local/bin}"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "no Node.js binary package for $(uname -m)" >&2; exit 1 ;;
esac
dir="$root/node-v$version-linux-$arch"

if [[ "$("$link_dir/node" --version 2>/dev/null || true)" != "v$version" ]]; then
  if [[ "$("$dir/bin/node" --version 2>/dev/null || true)" != "v$version" ]]; then
    command -v npm >/dev/null || { echo "installing Node.js $version needs npm on PATH" >&2; exit 1; }
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    echo "installing Node.js $version (npm package node-linux-$arch@$version) into $dir" >&2
    npm pack --silent --pack-destination "$tmp" "node-linux-$arch@$version" >/dev/null
    tar -xzf "$tmp/node-linux-$arch-$version.tgz" -C "$tmp"
    "$tmp/package/bin/node" --version >/dev/null # runs on this machine
    mkdir -p "$root"
    rm -rf "$dir"
    mv "$tmp/package" "$dir"
  fi
  mkdir -p "$link_dir"
  ln -sfn "$dir/bin/node" "$link_dir/node"
fi
echo "node $("$link_dir/node" --version) ($link_dir/node -> $(readlink -f "$link_dir/node"))"
