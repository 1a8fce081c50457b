#!/usr/bin/env bash
# A relay provider that speaks HTTP/2 over TLS (Debian's nginx with a self-signed
# certificate, trusted through PREGON_CA_FILE; it reads each request's body before it
# answers, as a real provider does): pregon negotiates HTTP/2 and multiplexes its
# requests in flight on a connection or two, instead of opening one connection per request;
# every recipient gets exactly one message. The same provider over HTTP/1.1 still works.
source "$(dirname "$0")/lib.sh"

openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
free_port() { $PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
# start_provider NAME LISTEN_FLAGS: nginx answering the relay send endpoint with a 200 and
# logging each request's protocol and connection number to NAME.log; sets PORT.
start_provider() {
  local name=$1 flags=$2
  PORT=$(free_port)
  mkdir -p "$W/$name"
  cat >"$W/$name/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
worker_processes 1;
daemon off;
pid $W/$name/nginx.pid;
error_log $W/$name/error.log warn;
events { worker_connections 1024; }
http {
  log_format proto '\$server_protocol \$connection \$request_method \$request_uri';
  access_log $W/$name.log proto;
  keepalive_requests 100000;  # no connection is closed after its 1,000th request
  client_body_temp_path $W/$name/body;
  server {
    listen 127.0.0.1:$PORT $flags;
    ssl_certificate $W/cert.pem;
    ssl_certificate_key $W/key.pem;
    location ~ ^/accounts/[^/]+/messages\$ {
      default_type application/json;
      echo_read_request_body;
      echo '{"createdResourceId":"x","_links":[]}';
    }
    location / { return 404; }
  }
}
CONF
  nginx -e "$W/$name/error.log" -p "$W/$name" -c "$W/$name/nginx.conf" &
  PIDS+=($!)
  for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0; sleep 0.05; done
  fail "nginx did not start: $(cat "$W/$name/error.log")"
}

export PREGON_CA_FILE=$W/cert.pem
"$PREGON" migrate 2>/dev/null
contacts 2000 c.csv
"$PREGON" contacts import c.csv --list L >/dev/null

# send NAME: a campaign to the 2,000 contacts through the provider on PORT; checks every
# one was sent.
send() {
  local name=$1
  "$PREGON" sender add --name "$name" --kind relay --base-url "https://127.0.0.1:$PORT/" \
    --api-key k --account-id 7 --from-email news@example.com --from-name News \
    --concurrency 64 >/dev/null
  local id
  id=$("$PREGON" campaign create --name "$name" --sender "$name" --list L --subject 'Hi {{name}}' \
    --text 'Hello {{name}}' --batch-size 500 --json | json_field id)
  "$PREGON" campaign send "$id" >/dev/null
  timeout 300 "$PREGON" worker --until-idle --concurrency 2 2>>"$W/worker.log"
  local st; st=$("$PREGON" campaign status "$id" --json)
  [ "$(echo "$st" | json_field status)" = done ] && [ "$(echo "$st" | json_field sent)" = 2000 ] ||
    fail "$name: campaign ended $st"
}

start_provider h2 "ssl http2"
send h2
# posts LOG: the provider's log lines of the sends (nginx also logs a connection closed
# before its first request, as "- N - -").
posts() { grep ' POST /accounts/7/messages$' "$1"; }
requests=$(posts "$W/h2.log" | wc -l)
[ "$requests" = 2000 ] || fail "the provider saw $requests sends, want 2000"
posts "$W/h2.log" | grep -v '^HTTP/2.0 ' | head -3 | grep . && fail "sends that were not HTTP/2"
connections=$(posts "$W/h2.log" | awk '{print $2}' | sort -u | wc -l)
# Two worker threads, each sending on a channel of its own at most: with 64 requests in
# flight, one connection per request would make dozens.
[ "$connections" -le 4 ] || fail "HTTP/2 requests came on $connections connections, want at most 4"
echo "ok: 2000 messages over HTTP/2 on $connections connections"

start_provider h1 "ssl"
send h1
posts "$W/h1.log" | grep -v '^HTTP/1.1 ' | head -3 | grep . && fail "sends that were not HTTP/1.1"
echo "ok: 2000 messages over HTTP/1.1 on $(posts "$W/h1.log" | awk '{print $2}' | sort -u | wc -l) connections"
