#!/usr/bin/env bash
# The deployment files work as shipped: deploy/pregon.env.example names every setting
# `pregon --help` lists (and nothing else), with its default; the systemd units verify; the
# nginx site of deploy/nginx
# passes `nginx -t` and, run for real (ports, socket and certificate swapped for the test's),
# proxies HTTPS to `pregon serve` on its unix socket — /healthz, the open pixel with its
# no-store headers, an event stream unbuffered — and redirects plain HTTP to HTTPS.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$TEST_DIR/../.." && pwd)

"$PREGON" --help | $PY -c '
import re, sys
help_ = dict(re.findall(r"^  ([A-Z_]+) \(default (.*)\)$", sys.stdin.read(), re.M))
example = dict(re.findall(r"^#([A-Z_]+)=(.*)$", open(sys.argv[1]).read(), re.M))
missing = sorted(set(help_) - set(example)); extra = sorted(set(example) - set(help_))
assert not missing and not extra, f"missing {missing}, unknown {extra}"
wrong = {k: (example[k], v) for k, v in help_.items() if example[k] != ("" if v == "none" else v)}
assert not wrong, f"defaults differ: {wrong}"
print(f"ok: pregon.env.example names all {len(help_)} settings with their defaults")
' "$ROOT/deploy/pregon.env.example"

# The systemd units pass systemd-analyze verify (with this build's binary in place of the
# installed path), where systemd-analyze is available.
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$W/units"
  for unit in pregon-serve.service pregon-worker@.service; do
    sed "s|/usr/bin/pregon|$PREGON|" "$ROOT/deploy/$unit" >"$W/units/$unit"
  done
  cp "$W/units/pregon-worker@.service" "$W/units/pregon-worker@1.service"
  systemd-analyze verify "$W/units/pregon-serve.service" "$W/units/pregon-worker@1.service" \
    >"$W/verify.log" 2>&1 || fail "systemd-analyze verify: $(cat "$W/verify.log")"
  echo "ok: the systemd units verify"
fi

free_port() { $PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
http_port=$(free_port); https_port=$(free_port)
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 \
  -subj /CN=mail.example.com -batch 2>/dev/null || fail "openssl req"
mkdir -p "$W/nginx/logs" "$W/www"
sed -e "s|unix:/run/pregon/api.sock|unix:$W/api.sock|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|; s|listen \[::\]:80;||" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|; s|listen \[::\]:443 ssl http2;||" \
    -e "s|/etc/letsencrypt/live/mail.example.com/fullchain.pem|$W/cert.pem|" \
    -e "s|/etc/letsencrypt/live/mail.example.com/privkey.pem|$W/key.pem|" \
    -e "s|root /var/www/html;|root $W/www;|" "$ROOT/deploy/nginx/pregon.conf" >"$W/nginx/site.conf"
{
  [ "$(id -u)" = 0 ] && echo "user root;"  # the workers reach the socket in the test's directory
  echo "daemon off; pid $W/nginx/nginx.pid; error_log $W/nginx/logs/error.log;"
  echo "events {} http { access_log off; include $W/nginx/site.conf; }"
} >"$W/nginx/nginx.conf"
nginx -t -p "$W/nginx" -c "$W/nginx/nginx.conf" 2>"$W/nginx-t.log" || fail "nginx -t: $(cat "$W/nginx-t.log")"
echo "ok: nginx -t accepts the site"

"$PREGON" migrate >/dev/null
export PREGON_PUBLIC_URL=https://mail.example.com
export PREGON_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
PREGON_TRUSTED_PROXIES=unix "$PREGON" serve --listen "unix:$W/api.sock" >"$W/serve.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do [ -S "$W/api.sock" ] && break; sleep 0.05; done
nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" &
PIDS+=($!)
https() { curl -sk --resolve "mail.example.com:$https_port:127.0.0.1" "$@"; }
for _ in $(seq 100); do https -o /dev/null "https://mail.example.com:$https_port/healthz" && break; sleep 0.05; done
[ "$(https -o /dev/null -w '%{http_code}' "https://mail.example.com:$https_port/healthz")" = 200 ] ||
  fail "/healthz through nginx: $(tail -3 "$W/nginx/logs/error.log" "$W/serve.log")"
[ "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --resolve "mail.example.com:$http_port:127.0.0.1" \
  "http://mail.example.com:$http_port/t/o/x.gif")" = "301 https://mail.example.com/t/o/x.gif" ] ||
  fail "plain HTTP is not redirected to HTTPS"
[ "$(https -o /dev/null -w '%{http_code}' "https://mail.example.com:$https_port/t/o/forged.gif")" = 404 ] ||
  fail "a forged pixel token through nginx"
echo "ok: nginx proxies HTTPS to serve's unix socket and redirects plain HTTP"
via=$(https -o /dev/null -D - "https://mail.example.com:$https_port/healthz" | tr -d '\r' |
  sed -n 's/^x-request-id: //Ip')
[[ "$via" =~ ^[0-9a-f]{32}$ ]] || fail "nginx's \$request_id is not the request's id: '$via'"
echo "ok: nginx's \$request_id is the id pregon answers (and logs)"

# An event stream arrives through nginx as it is written (proxy_buffering off): the first
# event arrives while the stream is still open, not when it ends (it stays open for minutes).
token=$(new_token ops viewer)
"$PREGON" sender add --name s --kind sandbox --base-url "$W/out.jsonl" >/dev/null
contacts 3 "$W/c.csv"
"$PREGON" contacts import "$W/c.csv" --list l >/dev/null
id=$("$PREGON" campaign create --name c --sender s --list l --subject x --text x --json | json_field id)
https -N --max-time 60 -H "Authorization: Bearer $token" -H 'Accept: text/event-stream' \
  "https://mail.example.com:$https_port/api/v1/campaigns/$id/events" >"$W/stream.txt" &
stream=$!
for _ in $(seq 400); do grep -q '^event: ' "$W/stream.txt" 2>/dev/null && break; sleep 0.05; done
kill -0 "$stream" 2>/dev/null || fail "the stream ended: it should stay open"
kill "$stream"; wait "$stream" 2>/dev/null || true
grep -q '^event: ' "$W/stream.txt" || fail "no event through nginx while the stream was open: $(cat "$W/stream.txt")"
echo "ok: an event stream flows through nginx unbuffered"
