#!/usr/bin/env bash
# Installs orch (the command-line client) for this user: a self-contained ReadyToRun composite publish (~180 MB, about
# 3 minutes on 2 cores) in ~/.local/share/orchestrator/orch and a link in ~/.local/bin. Run it again to update. Needs the
# .NET SDK (see README, Prerequisites).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${ORCH_INSTALL_DIR:-$HOME/.local/share/orchestrator/orch}"
bin="${ORCH_BIN_DIR:-$HOME/.local/bin}"

echo "Publishing orch (self-contained ReadyToRun composite, linux-x64) to $target; this takes a few minutes ..."
dotnet publish "$repo/Client.Cli" -c Release -o "$target" --nologo -v quiet
mkdir -p "$bin"
ln -sf "$target/orch" "$bin/orch"
echo "Installed: $bin/orch -> $target/orch"
case ":$PATH:" in
  *":$bin:"*) echo "Try: orch --help" ;;
  *) echo "$bin is not on your PATH; add it (e.g. export PATH=\"$bin:\$PATH\" in ~/.bashrc), then try: orch --help" ;;
esac
