#!/usr/bin/env bash
# Serves a built site with the documented nginx configuration
# (docs/nginx/gongkai.conf, used as it is but for its `root`) on
# 127.0.0.1:PORT/minsheng/, in the foreground, until stopped.
#
#   bash tests/browser/nginx.sh SITE_DIR PORT WORK_DIR
#
# WORK_DIR receives nginx.conf, the logs and temporary files.
set -euo pipefail
SITE_DIR="$(cd "$1" && pwd)"
PORT="$2"
mkdir -p "$3"
WORK="$(cd "$3" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CONF_SRC="$ROOT/docs/nginx/gongkai.conf"

grep -q '^    root /var/www;$' "$CONF_SRC" || { echo "error: $CONF_SRC no longer has 'root /var/www;'" >&2; exit 1; }
mkdir -p "$WORK/www" "$WORK/tmp"
ln -sfn "$SITE_DIR" "$WORK/www/minsheng"
sed "s#^    root /var/www;\$#    root $WORK/www;#" "$CONF_SRC" >"$WORK/gongkai.conf"

# nginx started as root drops its workers to `nobody`, who may not read a
# checkout under /root: keep them as the current user on this loopback test.
USER_LINE=""
if [ "$(id -u)" = 0 ]; then USER_LINE="user root;"; fi

cat >"$WORK/nginx.conf" <<CONF
$USER_LINE
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $WORK/access.log;
    client_body_temp_path $WORK/tmp/body;
    proxy_temp_path $WORK/tmp/proxy;
    fastcgi_temp_path $WORK/tmp/fastcgi;
    uwsgi_temp_path $WORK/tmp/uwsgi;
    scgi_temp_path $WORK/tmp/scgi;
    sendfile on;
    server_tokens off;
    server {
        listen 127.0.0.1:$PORT;
        server_name localhost;
        include $WORK/gongkai.conf;
    }
}
CONF
/usr/sbin/nginx -t -q -p "$WORK" -c "$WORK/nginx.conf"
exec /usr/sbin/nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;'
