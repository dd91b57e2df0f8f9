#!/usr/bin/env bash
# Refresh the front-end files in irm/web/static/vendor from the npm registry.
# They are committed so that a clean clone runs offline and nothing is loaded from a CDN.
set -euo pipefail
BOOTSTRAP=5.3.9
HTMX=2.0.11
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/irm/web/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "bootstrap@$BOOTSTRAP" "htmx.org@$HTMX" >/dev/null
mkdir bs hx
tar xzf "bootstrap-$BOOTSTRAP.tgz" -C bs --strip-components 1
tar xzf "htmx.org-$HTMX.tgz" -C hx --strip-components 1
mkdir -p "$dest/bootstrap" "$dest/htmx"
cp bs/dist/css/bootstrap.min.css bs/dist/css/bootstrap.rtl.min.css bs/dist/js/bootstrap.bundle.min.js bs/LICENSE "$dest/bootstrap/"
cp hx/dist/htmx.min.js hx/LICENSE "$dest/htmx/"
# The source maps are not shipped; the manifest storage would fail on their references.
sed -i '/sourceMappingURL/d' "$dest"/bootstrap/*.css "$dest"/bootstrap/*.js "$dest"/htmx/*.js
echo "bootstrap $BOOTSTRAP, htmx $HTMX → $dest"
