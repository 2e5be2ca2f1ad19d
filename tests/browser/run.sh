#!/usr/bin/env bash
# Browser quality gate: builds and serves the shipped site under /minsheng/ on
# 127.0.0.1 and checks it in Debian's headless Chromium (see gate.mjs).
# Installs what it needs on a clean machine; downloads no browser.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

echo "== browser gate: system packages"
CJK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
if [ ! -x /usr/bin/chromium ] || [ ! -f "$CJK_FONT" ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk
else
  echo "chromium and Noto CJK fonts present"
fi
for tool in node npm java; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done

echo "== browser gate: npm ci"
# --ignore-scripts: vnu-jar's postinstall would try to download a JDK (we use
# the machine's Java 17); no package here needs an install script.
(cd tests/browser && PUPPETEER_SKIP_DOWNLOAD=true CHROMEDRIVER_SKIP_DOWNLOAD=true \
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund)

PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
SITE_DIR="target/browser-site"
LOG="target/browser-serve.log"
mkdir -p target

echo "== browser gate: build and serve the site on 127.0.0.1:$PORT/minsheng/"
# Its own process group, so the EXIT trap ends cargo and the server it runs.
# --no-reload: the pages exactly as built (no preview script, no open event stream).
setsid cargo run --locked --release -- serve --port "$PORT" --base-path /minsheng/ --no-reload --output "$SITE_DIR" >"$LOG" 2>&1 &
SERVER_PID=$!
cleanup() {
  kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT

URL="http://127.0.0.1:$PORT/minsheng/"
deadline=$((SECONDS + 900))
until curl -fsS -o /dev/null "$URL" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "error: the serve command exited; its output:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "error: the site did not answer at $URL within 900 s; serve output:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 1
done
grep -v '^\s*\(Compiling\|Finished\|Running\)' "$LOG" || true

echo "== browser gate: checks"
CHROME_PATH=/usr/bin/chromium node tests/browser/gate.mjs \
  --port "$PORT" --site-dir "$ROOT/$SITE_DIR" --out-dir "$ROOT/target"
