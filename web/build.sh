#!/usr/bin/env bash
# The dashboard's build for Maven: `build` puts dist/ together (npm ci when the lock file changed, then vite build),
# `test` runs its unit tests. Without npm it says so and builds nothing: the API then serves no dashboard.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v npm >/dev/null; then
  echo "debugd: npm is not installed, so the API is built without the dashboard (bin/stack up installs Node.js and npm)" >&2
  exit 0
fi
IFS=. read -r major minor _ < <(node --version | tr -d v)
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
  echo "debugd: Node.js $(node --version) is older than 20.19, which Vite 7 needs, so the API is built without the dashboard;" \
    "put Node.js 20.19 or later first on PATH (Debian 13's nodejs package is 20.19)" >&2
  exit 0
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
case "${1:-build}" in
  build) npm run --silent build -- --logLevel warn
         gzip -c dist/assets/*.js | wc -c | awk '{ printf "debugd: the dashboard'"'"'s JavaScript is %.1f KB gzipped\n", $1 / 1024 }' ;;
  test) npm test --silent ;;
  *) echo "usage: web/build.sh [build|test]" >&2; exit 2 ;;
esac
