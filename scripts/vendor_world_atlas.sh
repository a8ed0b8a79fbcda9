#!/usr/bin/env bash
# Vendors the world basemap of the web page's map view.
#
#   scripts/vendor_world_atlas.sh [VERSION]     (default: 2, the npm range)
#
# Fetches the npm package world-atlas (Natural Earth 1:110m country shapes as
# TopoJSON; package ISC, data public domain) with `npm pack` into a temporary
# directory, converts countries-110m.json into SVG path data
# (scripts/world_atlas_to_paths.py) and writes, next to the page's assets:
#   crates/server/assets/world-110m.json          the country paths
#   crates/server/assets/world-atlas-LICENSE.txt  the package's licence
# The server compiles both into the binary; nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "world-atlas@$version" >/dev/null)
tar -xzf "$tmp"/world-atlas-*.tgz -C "$tmp"
got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$tmp/package/package.json")
python3 scripts/world_atlas_to_paths.py "$tmp/package/countries-110m.json" crates/server/assets/world-110m.json
{
    echo "world-atlas $got (npm), countries-110m.json, converted by scripts/vendor_world_atlas.sh."
    echo "Shapes: Natural Earth (public domain). Package licence (ISC):"
    echo
    cat "$tmp/package/LICENSE"
} >crates/server/assets/world-atlas-LICENSE.txt
echo "world-atlas $got: $(wc -c <crates/server/assets/world-110m.json) bytes in crates/server/assets/world-110m.json"
