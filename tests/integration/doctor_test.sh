#!/usr/bin/env bash
# pregon doctor on a real installation: an unmigrated database is an error naming
# `pregon migrate`; once migrated, a sender whose provider listens is ok and one whose port is
# closed is an error (nothing is sent to either); a mistyped setting and a missing secret key
# are warnings; an invalid setting is an error; --json gives the same checks; the exit code is
# 1 exactly when some check is an error.
# Then the deeper sender checks, against real servers: an SMTP server (aiosmtpd, STARTTLS and
# AUTH required) accepts the right login and refuses a wrong one, and an untrusted certificate
# is a TLS error; the sandbox's Telegram getMe names a bot and refuses a revoked token; a DNS
# server of the test's own (dnslib, PREGON_DNS_SERVER) serves the SPF, DMARC and DKIM records
# of the senders' domains: all three ok, none (warnings), two SPF records (an error). Nothing
# is sent, and no secret is printed.
source "$(dirname "$0")/lib.sh"

# The DNS server: TXT records of *.test from a JSON zone, NXDOMAIN for other names, SERVFAIL
# for servfail.test; UDP on a free loopback port, printed as "PORT n".
cat >"$W/dns.py" <<'PYEOF'
import json, sys
from dnslib import QTYPE, RCODE, RR, TXT
from dnslib.server import BaseResolver, DNSServer

class Quiet:  # dnslib logs every query to stdout by default
    def __getattr__(self, name):
        return lambda *args: None

class Zone(BaseResolver):
    def __init__(self, records):
        self.records = {k.lower(): v for k, v in records.items()}

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        if name == "servfail.test" or name.endswith(".servfail.test"):
            reply.header.rcode = RCODE.SERVFAIL
        elif name not in self.records:
            if not any(n.endswith("." + name) for n in self.records):
                reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype == QTYPE.TXT:
            for record in self.records[name]:  # a list = one record of several strings
                strings = record if isinstance(record, list) else [record]
                reply.add_answer(RR(name, QTYPE.TXT, ttl=60, rdata=TXT([s.encode() for s in strings])))
        return reply

server = DNSServer(Zone(json.load(open(sys.argv[1]))), address="127.0.0.1", port=0, logger=Quiet())
print("PORT %d" % server.server.server_address[1], flush=True)
server.start()
PYEOF
cat >"$W/zone.json" <<'JSONEOF'
{"good.test": ["v=spf1 ip4:192.0.2.0/24 -all", "google-site-verification=abc"],
 "_dmarc.good.test": ["v=DMARC1; p=reject; rua=mailto:dmarc@good.test"],
 "selector1._domainkey.good.test": [["v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A",
                                     "MIIBCgKCAQEAsecondStringOfTheKey"]],
 "bare.test": ["hello"],
 "twospf.test": ["v=spf1 mx -all", "v=spf1 include:_spf.example.net ~all"],
 "_dmarc.twospf.test": ["v=DMARC1; p=none"]}
JSONEOF
$PY "$W/dns.py" "$W/zone.json" </dev/null >"$W/dns.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 200); do grep -q '^PORT ' "$W/dns.out" 2>/dev/null && break; sleep 0.05; done
dns_port=$(awk '/^PORT /{print $2}' "$W/dns.out")
[ -n "$dns_port" ] || fail "the DNS server did not start: $(cat "$W/dns.out")"
# Every doctor run asks it, never the network (example.com below has no records there).
export PREGON_DNS_SERVER=127.0.0.1:$dns_port

out=$("$PREGON" doctor 2>"$W/err") && fail "doctor on an unmigrated database should fail"
grep -q '^error    database .*run `pregon migrate`' <<<"$out" || fail "no migrate hint: $out"
grep -q '^pregon: error: doctor found 1 error$' "$W/err" || fail "stderr: $(cat "$W/err")"
echo "ok: an unmigrated database is an error with what to do"

"$PREGON" migrate 2>/dev/null
start_sandbox
closed=$($PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$PREGON" sender add --name up --kind relay --base-url "$SANDBOX_URL" --api-key k --account-id 1 \
  --from-email news@example.com >/dev/null
"$PREGON" sender add --name down --kind smtp --smtp-url "smtp://127.0.0.1:$closed" \
  --from-email news@example.com >/dev/null
lines_before=$(lines "$W/rec.jsonl")
export PREGON_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
out=$(PREGON_TRAKING=off "$PREGON" doctor --timeout 2s) && fail "a closed provider port should fail doctor"
echo "$out"
grep -q '^ok       database             reachable, schema version' <<<"$out" || fail "database line"
grep -q '^ok       database             SQLite [0-9.]*, journal wal, synchronous NORMAL$' <<<"$out" ||
  fail "SQLite settings line"
grep -q "^ok       sender up            127.0.0.1:[0-9]* accepts connections" <<<"$out" || fail "sender up"
grep -q "^error    sender down          cannot connect to 127.0.0.1:$closed" <<<"$out" || fail "sender down"
grep -q '^warning  config               PREGON_TRAKING (environment) is not a setting' <<<"$out" ||
  fail "the typo"
grep -q 'PREGON_SECRET_KEY is not set' <<<"$out" && fail "the key is set"
grep -q '^warning  config               PREGON_PUBLIC_URL is not set' <<<"$out" || fail "public URL"
[ "$(lines "$W/rec.jsonl")" = "$lines_before" ] || fail "doctor sent something to a provider"
echo "ok: senders probed without sending; settings checked"

json=$("$PREGON" doctor --json --timeout 2s) && fail "--json: still an error"
$PY -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["worst"] == "error" and d["errors"] == 1, d
areas = {(c["area"], c["level"]) for c in d["checks"]}
assert ("sender up", "ok") in areas and ("sender down", "error") in areas and ("database", "ok") in areas, areas
' "$json" || fail "doctor --json: $json"
"$PREGON" sender add --name also-up --kind relay --base-url "$SANDBOX_URL" --api-key k \
  --account-id 2 --from-email news@example.com >/dev/null
out=$(PREGON_PUBLIC_URL=http://mail.example.com "$PREGON" doctor --timeout 2s) && fail "bad public URL"
grep -q '^error    config               PREGON_PUBLIC_URL must be https://' <<<"$out" || fail "public URL check: $out"
echo "ok: doctor --json and the exit code follow the worst check"

# --- The senders' deeper checks, in a database of their own.
export DATABASE_URL="sqlite://$W/senders.db"
"$PREGON" migrate 2>/dev/null
mkdir -p "$W/mail"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -batch 2>/dev/null || fail "openssl req"
$PY "$TEST_DIR/../../src/channels/smtp/testdata/smtp_sink.py" --dir "$W/mail" \
  --auth-user pregon --auth-password 's3cr3t@pw' --tls starttls --tls-cert "$W/cert.pem" \
  --tls-key "$W/key.pem" </dev/null >"$W/sink.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 200); do grep -q '^PORT ' "$W/sink.out" 2>/dev/null && break; sleep 0.05; done
smtp_port=$(awk '/^PORT /{print $2}' "$W/sink.out")
[ -n "$smtp_port" ] || fail "the SMTP sink did not start: $(cat "$W/sink.out")"
"$PREGON" sender add --name mail-ok --kind smtp \
  --smtp-url "smtp://pregon:s3cr3t%40pw@127.0.0.1:$smtp_port" --from-email news@good.test >/dev/null
"$PREGON" sender add --name mail-badpw --kind smtp \
  --smtp-url "smtp://pregon:not-the-pw@127.0.0.1:$smtp_port" --from-email news@bare.test >/dev/null
"$PREGON" sender add --name relay-two --kind relay --base-url "$SANDBOX_URL" --api-key relay-key-123 \
  --account-id 1 --from-email news@twospf.test >/dev/null
"$PREGON" sender add --name bot-ok --kind telegram --base-url "$SANDBOX_URL" \
  --bot-token 4242:AAF-good-token >/dev/null
"$PREGON" sender add --name bot-revoked --kind telegram --base-url "$SANDBOX_URL" \
  --bot-token 4243:revoked-token >/dev/null
lines_before=$(lines "$W/rec.jsonl")

out=$(PREGON_CA_FILE=$W/cert.pem "$PREGON" doctor --timeout 5s) && fail "a refused login should fail doctor"
echo "$out"
expect() { grep -q "$1" <<<"$out" || fail "no line matching: $1"; }
expect "^ok       sender mail-ok       127.0.0.1:$smtp_port: TLS (STARTTLS) and AUTH accepted$"
expect "^error    sender mail-badpw    127.0.0.1:$smtp_port: the server refused the login (535 5.7.8 Authentication credentials invalid): check the user and password"
expect '^ok       sender relay-two     127.0.0.1:[0-9]* accepts connections$'
expect '^ok       sender bot-ok        bot @sandbox_4242_bot (getMe accepted the token)$'
expect '^error    sender bot-revoked   the bot token is refused (HTTP 401: Unauthorized)'
echo "ok: SMTP TLS and login, and the Telegram bots, checked"
expect '^ok       domain good.test     SPF "v=spf1 ip4:192.0.2.0/24 -all"$'
expect '^ok       domain good.test     DMARC p=reject$'
expect '^ok       domain good.test     DKIM key at selector1._domainkey.good.test$'
expect '^warning  domain bare.test     no SPF record'
expect '^warning  domain bare.test     no DMARC record (TXT "v=DMARC1; ...") at _dmarc.bare.test'
expect '^warning  domain bare.test     no DKIM key at the selectors tried (default, selector1, selector2, google, k1, s1, s2)._domainkey.bare.test'
expect '^error    domain twospf.test   2 SPF records at twospf.test'
expect '^ok       domain twospf.test   DMARC p=none: receivers only report'
[ "$(grep -c '^[a-z]* *domain ' <<<"$out")" = 9 ] || fail "one line per record kind and domain"
echo "ok: SPF, DMARC and DKIM judged from the DNS server's records"

if grep -q 's3cr3t\|not-the-pw\|AAF-good-token\|revoked-token\|relay-key-123' <<<"$out"; then
  fail "doctor printed a secret"
fi
ls "$W/mail"/*.eml >/dev/null 2>&1 && fail "doctor sent mail"
[ "$(lines "$W/mail/connections.log")" = 2 ] || fail "expected one SMTP session per SMTP sender"
[ "$(lines "$W/rec.jsonl")" = "$lines_before" ] || fail "doctor sent something to the sandbox"
echo "ok: nothing sent, no secret printed"

# Without the sink's certificate trusted, STARTTLS fails: a TLS error, named.
out=$(PREGON_CA_FILE= "$PREGON" doctor --timeout 5s) && fail "an untrusted certificate should fail doctor"
expect "^error    sender mail-ok       127.0.0.1:$smtp_port: TLS failed: .*certificate"
# A DNS server that fails, and a setting that names no server.
"$PREGON" sender add --name relay-broken-dns --kind relay --base-url "$SANDBOX_URL" --api-key k \
  --account-id 2 --from-email news@servfail.test >/dev/null
out=$(PREGON_CA_FILE=$W/cert.pem "$PREGON" doctor --timeout 2s) && fail "still errors"
expect '^warning  domain servfail.test cannot look up servfail.test: no answer .*SPF, DMARC and DKIM not checked$'
out=$(PREGON_DNS_SERVER=dns.example "$PREGON" doctor --timeout 2s) && fail "a bad DNS server setting is an error"
expect '^error    config               PREGON_DNS_SERVER must be an IPv4 address'
grep -q '^[a-z]* *domain ' <<<"$out" && fail "no DNS checks with a bad PREGON_DNS_SERVER"
echo "ok: TLS failures, DNS failures and a bad DNS setting are named"
