#!/bin/sh
# Fetches the map's country borders into static/vendor, to be embedded in
# the binary: Natural Earth's 1:50m countries (public domain) as TopoJSON,
# from the npm package world-atlas (ISC). Third-party data is never
# committed; run this (go generate ./internal/server) before building to
# give the map its borders. Needs npm and tar.
set -eu
cd "$(dirname "$0")/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz)
cp "$tmp/package/countries-50m.json" countries-50m.json
cp "$tmp/package/LICENSE" world-atlas-LICENSE.txt
echo "fetched $(pwd)/countries-50m.json"
