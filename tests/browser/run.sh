#!/usr/bin/env bash
# Browser quality gate: builds the shipped site for /minsheng/ on 127.0.0.1,
# serves it with nginx and the documented configuration
# (docs/nginx/gongkai.conf, via tests/browser/nginx.sh), checks it in Debian's
# headless Chromium (see gate.mjs), then proves over HTTP that the served
# copy is the build: every file of manifest.sha256 is fetched and checked
# with `gongkai verify`, and a one-byte change on the server is caught.
# Installs what it needs on a clean machine; downloads no browser.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

echo "== browser gate: system packages"
CJK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
if [ ! -x /usr/bin/chromium ] || [ ! -f "$CJK_FONT" ] || [ ! -x /usr/sbin/nginx ] || ! command -v wget >/dev/null; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk nginx wget
else
  echo "chromium, Noto CJK fonts, nginx and wget present"
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
NGINX_DIR="target/browser-nginx"
LOG="target/browser-nginx.log"
URL="http://127.0.0.1:$PORT/minsheng/"
mkdir -p target

echo "== browser gate: build the site for $URL"
cargo run --locked --release -- build --output "$SITE_DIR" --base-url "$URL"
GONGKAI="${CARGO_TARGET_DIR:-$ROOT/target}/release/gongkai"

echo "== browser gate: serve it with nginx (docs/nginx/gongkai.conf) on 127.0.0.1:$PORT"
# Its own process group, so the EXIT trap ends nginx and its worker.
setsid bash tests/browser/nginx.sh "$SITE_DIR" "$PORT" "$NGINX_DIR" >"$LOG" 2>&1 &
SERVER_PID=$!
cleanup() {
  kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT

deadline=$((SECONDS + 60))
until curl -fsS -o /dev/null "$URL" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "error: nginx exited; its output:" >&2
    cat "$LOG" "$NGINX_DIR/error.log" >&2 2>/dev/null || true
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "error: the site did not answer at $URL within 60 s" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.5
done
nginx -v 2>&1

echo "== browser gate: checks"
status=0
CHROME_PATH=/usr/bin/chromium node tests/browser/gate.mjs \
  --port "$PORT" --site-dir "$ROOT/$SITE_DIR" --out-dir "$ROOT/target" || status=$?

echo "== integrity: the served copy is the approved build (docs/deploy.md)"
MIRROR="target/browser-mirror"
APPROVED="target/browser-approved.sha256"
cp "$SITE_DIR/manifest.sha256" "$APPROVED"
fetch_all() {
  rm -rf "$MIRROR"
  mkdir -p "$MIRROR"
  # Every path the approved manifest lists, plus the served manifest itself.
  { echo "${URL}manifest.sha256"; cut -c 67- "$APPROVED" | sed "s#^#${URL}#"; } >"$MIRROR.urls"
  (cd "$MIRROR" && wget -q -x -nH --cut-dirs=1 -i "../../$MIRROR.urls") || true
}
fetch_all
"$GONGKAI" verify "$MIRROR" --manifest "$APPROVED"
# One byte changed on the server must be named.
# (A new file, not an edit in place: the build hard-links the 关怀版 copy.)
{ cat "$SITE_DIR/en/index.html"; printf ' '; } >"$SITE_DIR/en/index.html.new"
mv "$SITE_DIR/en/index.html.new" "$SITE_DIR/en/index.html"
fetch_all
if "$GONGKAI" verify "$MIRROR" --manifest "$APPROVED" >"target/browser-verify.txt"; then
  echo "error: gongkai verify did not catch a one-byte change on the server" >&2
  status=1
elif ! grep -qx "altered  en/index.html" "target/browser-verify.txt"; then
  echo "error: gongkai verify did not name en/index.html:" >&2
  cat "target/browser-verify.txt" >&2
  status=1
else
  echo "a one-byte change on the server is caught: $(tail -1 target/browser-verify.txt)"
fi
exit "$status"
