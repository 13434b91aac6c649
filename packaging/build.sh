#!/usr/bin/env bash
# Build the Linux one-folder bundle and a tarball to hand out.
#
# Output, in DIST_DIR (default: packaging/dist): synthdesk/ (run
# synthdesk/synthdesk) and synthdesk-VERSION-linux-ARCH.tar.gz, which contains
# that folder, synthdesk.desktop, synthdesk.png and install.sh (a per-user
# install without administrator rights).
#
# Environment:
#   PYTHON    interpreter with SynthDesk and PyInstaller installed
#             (default: the repository's .venv/bin/python, else python3)
#   DIST_DIR  output folder (default: packaging/dist)
#   WORK_DIR  PyInstaller's work folder (default: packaging/build)
#   TARBALL   0 skips the tarball (default: 1)
# Arguments are passed to PyInstaller, for example --clean.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
dist=${DIST_DIR:-packaging/dist}
work=${WORK_DIR:-packaging/build}
started=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath "$work" "$@" packaging/synthdesk.spec
built="$dist/synthdesk ($(du -sh "$dist/synthdesk" | cut -f1))"
if [ "${TARBALL:-1}" != 0 ]; then
  version=$("$PYTHON" -c 'import synthdesk; print(synthdesk.__version__)')
  name="synthdesk-$version-linux-$(uname -m)"
  stage="$work/$name"
  rm -rf "$stage"
  mkdir -p "$stage"
  cp -R "$dist/synthdesk" "$stage/synthdesk"
  cp packaging/linux/synthdesk.desktop packaging/linux/install.sh "$stage/"
  cp resources/icons/synthdesk.png "$stage/"
  tar -C "$work" -czf "$dist/$name.tar.gz" "$name"
  rm -rf "$stage"
  built="$built and $dist/$name.tar.gz"
fi
echo "Built $built in $(( $(date +%s) - started )) s"
