#!/usr/bin/env bash
# Compile the translation catalogues (*.po -> *.mo; the .mo files are not in git).
set -euo pipefail
cd "$(dirname "$0")/../src/stcoop"
shopt -s nullglob
catalogues=(locale/*/LC_MESSAGES/*.po)
if [ ${#catalogues[@]} -eq 0 ]; then
  echo "translations: no catalogues yet (src/stcoop/locale/*/LC_MESSAGES/*.po); nothing to compile."
  exit 0
fi
if ! command -v msgfmt >/dev/null 2>&1; then
  echo "translations: msgfmt not found; install gettext (scripts/setup-system.sh)." >&2
  exit 1
fi
../../.venv/bin/django-admin compilemessages --verbosity 0
echo "translations: compiled ${#catalogues[@]} catalogue(s)."
