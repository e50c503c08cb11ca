#!/usr/bin/env bash
# Runs the headless Neovim test (neovim/test/diagnostics.lua) against the language server of this
# checkout (./huc lsp, which builds dist/target/huc.jar when it is missing or older than the sources).
# Needs nvim >= 0.7 (Debian: apt-get install neovim).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
command -v nvim >/dev/null 2>&1 || { echo "neovim test: nvim is missing (apt-get install neovim)" >&2; exit 1; }
echo "neovim test: $(nvim --version | head -n 1), server: $root/huc lsp" >&2
HUC_LSP_CMD="$root/huc lsp" XDG_STATE_HOME="${TMPDIR:-/tmp}/huc-nvim-state" XDG_CACHE_HOME="${TMPDIR:-/tmp}/huc-nvim-cache" \
  timeout 300 nvim --headless -u "$root/neovim/test/diagnostics.lua"
