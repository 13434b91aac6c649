#!/bin/sh
# Install SynthDesk for the current user, without administrator rights:
# the program goes to ~/.local/share/synthdesk and a menu entry to
# ~/.local/share/applications. Run it from the unpacked tarball; run it
# again to update. Remove both folders' SynthDesk files to uninstall.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
target="$data/synthdesk"
rm -rf "$target.new"
mkdir -p "$data/applications" "$data/icons/hicolor/512x512/apps"
cp -R "$here/synthdesk" "$target.new"
rm -rf "$target"
mv "$target.new" "$target"
cp "$here/synthdesk.png" "$data/icons/hicolor/512x512/apps/synthdesk.png"
sed -e "s|@EXEC@|$target/synthdesk|" -e "s|@ICON@|synthdesk|" \
  "$here/synthdesk.desktop" > "$data/applications/synthdesk.desktop"
echo "Installed SynthDesk in $target; it is in the applications menu as SynthDesk."
echo "Check it with: $target/synthdesk --self-test"
