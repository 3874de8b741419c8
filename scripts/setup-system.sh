#!/usr/bin/env bash
# Install the Debian packages STCoop needs: Chromium (browser tests), Noto CJK fonts
# (Chinese text in charts and screenshots) and gettext (compiling translations).
# Does nothing when they are all installed; when not root, prints what to install.
set -euo pipefail

packages=(chromium fonts-noto-cjk gettext)
python=${PYTHON:-python3.11}
# Debian's own Python needs its venv package for `python3.11 -m venv`.
if [ "$(command -v "$python" || true)" = "/usr/bin/$python" ] \
   && ! "$python" -c 'import ensurepip' 2>/dev/null; then
  packages+=("${python}-venv")
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup-system: not a Debian system; install these yourself: ${packages[*]}"
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: system packages present (${packages[*]})."
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  apt=(apt-get)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt=(sudo apt-get)
else
  echo "setup-system: please install, as root:"
  echo "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  echo "setup-system: continuing without them (browser tests and translations need them)."
  exit 0
fi
echo "setup-system: installing ${missing[*]}"
"${apt[@]}" update
DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}"
