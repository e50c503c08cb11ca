#!/usr/bin/env bash
# Installs what the end-to-end test in a real VS Code needs, once, into a cache directory that
# later runs reuse: code-server (VS Code's server build, with the desktop extension host in Node)
# and playwright-core (drives the Debian chromium; it downloads no browser). Prints the directory.
#
#   HUC_E2E_CACHE   the cache root (default ~/.cache/hyperupcall-e2e); the install goes to
#                   $HUC_E2E_CACHE/code-server-$CODE_SERVER-node$NODE_MAJOR-playwright-$PLAYWRIGHT,
#                   and is reused when it holds the marker file `installed` (delete the folder to redo it)
#
# Needs (apt): nodejs + npm (Node 20: code-server 4.100.x requires it), g++, make, python3 and
# libkrb5-dev (native addons are built from source against /usr/include/node), ripgrep (see below).
set -euo pipefail

CODE_SERVER=4.100.3
PLAYWRIGHT=1.65.2
RIPGREP_CACHE=vscode-ripgrep-cache-1.15.11
RIPGREP_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
  echo "e2e install: code-server $CODE_SERVER needs Node 20, this is $(node --version)" >&2
  exit 1
fi
cache_root=${HUC_E2E_CACHE:-$HOME/.cache/hyperupcall-e2e}
dir="$cache_root/code-server-$CODE_SERVER-node$node_major-playwright-$PLAYWRIGHT"
if [ -f "$dir/installed" ]; then
  echo "$dir"
  exit 0
fi

for tool in g++ make python3 rg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e install: '$tool' is missing (apt: g++ make python3 ripgrep)" >&2; exit 1; }
done
[ -e /usr/include/krb5.h ] || { echo "e2e install: krb5 headers missing (apt: libkrb5-dev)" >&2; exit 1; }
[ -e /usr/include/node/node.h ] || { echo "e2e install: /usr/include/node missing (apt: nodejs)" >&2; exit 1; }

rm -rf "$dir"
mkdir -p "$dir/tmp" "$dir/npm-cache" "$dir/xdg"
log="$dir/install.log"
echo "e2e install: code-server $CODE_SERVER and playwright-core $PLAYWRIGHT into $dir (once; log: $log)" >&2

# @vscode/ripgrep's postinstall fetches rg from the network and aborts the install when it cannot;
# it first looks for this tarball in $TMPDIR: Debian's rg (the same upstream 13.0.0) is used instead.
mkdir -p "$dir/tmp/$RIPGREP_CACHE/rg-bin"
cp "$(command -v rg)" "$dir/tmp/$RIPGREP_CACHE/rg-bin/rg"
tar -C "$dir/tmp/$RIPGREP_CACHE/rg-bin" -czf "$dir/tmp/$RIPGREP_CACHE/$RIPGREP_TARBALL" rg
rm -rf "$dir/tmp/$RIPGREP_CACHE/rg-bin"

cat >"$dir/package.json" <<EOF
{ "name": "hyperupcall-e2e-tools", "private": true, "version": "0.0.0" }
EOF

# Everything in this one folder: npm's cache, temporary files, node-gyp's headers (the nodejs deb's).
unsafe=()
[ "$(id -u)" = 0 ] && unsafe=(--unsafe-perm)
if ! (cd "$dir" \
      && TMPDIR="$dir/tmp" npm_config_cache="$dir/npm-cache" npm_config_nodedir=/usr npm_config_yes=true \
         XDG_CACHE_HOME="$dir/xdg" npm_config_update_notifier=false \
         npm install --no-audit --no-fund "${unsafe[@]}" "code-server@$CODE_SERVER" "playwright-core@$PLAYWRIGHT") \
     >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "e2e install: npm install failed (log: $log)" >&2
  exit 1
fi
"$dir/node_modules/.bin/code-server" --version >>"$log" 2>&1 || {
  tail -n 20 "$log" >&2; echo "e2e install: code-server does not run (log: $log)" >&2; exit 1; }
rm -rf "$dir/npm-cache" "$dir/tmp"
touch "$dir/installed"
echo "$dir"
