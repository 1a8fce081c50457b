#!/usr/bin/env bash
# A 200-recipient e-mail campaign through the CLI to a real SMTP server (aiosmtpd, with
# STARTTLS required and AUTH): every received message arrived over TLS and is parsed with
# Python's email package and checked — headers, multipart structure, encodings of Spanish
# accents and emoji, personalisation, HTML escaping, the attachment, RFC 8058 headers and the
# unsubscribe footer of both bodies. Addresses the server refuses with 550 end as
# failed and suppressed as bounced. The signed one-click unsubscribe URL of two messages is
# answered by `pregon serve`: a GET changes nothing, a POST (urlencoded, or with no body)
# suppresses the address, a forged token is a 404. The next campaign skips all of them.
source "$(dirname "$0")/lib.sh"

mkdir -p "$W/mail"
# The server requires STARTTLS with a self-signed certificate that pregon is told to trust.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -batch 2>/dev/null || fail "openssl req"
export PREGON_CA_FILE=$W/cert.pem
$PY "$TEST_DIR/../../src/channels/smtp/testdata/smtp_sink.py" --dir "$W/mail" \
  --auth-user pregon --auth-password 's3cr3t@pw' --tls starttls --tls-cert "$W/cert.pem" \
  --tls-key "$W/key.pem" </dev/null >"$W/sink.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q '^PORT ' "$W/sink.out" 2>/dev/null && break; sleep 0.05; done
port=$(awk '/^PORT /{print $2}' "$W/sink.out")
[ -n "$port" ] || fail "the SMTP sink did not start: $(cat "$W/sink.out")"

# 200 contacts: 5 whose mailbox does not exist (the sink answers 550 to bounce*@), one whose
# name must be escaped in HTML.
$PY - "$W/contacts.csv" <<'PYEOF'
import csv, sys
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["email", "name", "Ciudad"])
    for i in range(200):
        local = f"bounce{i}" if i % 40 == 7 else f"p{i}"
        name = "Zoë <b>&</b> Ñúñez" if i == 3 else f"José Pérez {i}"
        w.writerow([f"{local}@example.com", name, ["Valparaíso", "Ñuñoa", "Concepción"][i % 3]])
PYEOF
"$PREGON" migrate >/dev/null
"$PREGON" contacts import "$W/contacts.csv" --list clientes >/dev/null
"$PREGON" sender add --name correo --kind smtp --smtp-url "smtp://pregon:s3cr3t%40pw@127.0.0.1:$port" \
  --from-email news@example.com --from-name "Pregón Noticias" >/dev/null
printf '<p>Hola <b>{{name}}</b>, ofertas en {{Ciudad}} ☕</p>\n' >"$W/body.html"
printf '%%PDF-1.4 catálogo\n\x00\x01\x02binary\n' >"$W/catalogo.pdf"
export PREGON_UNSUBSCRIBE_BASE_URL=https://mail.example.com
export PREGON_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
id=$("$PREGON" campaign create --name ofertas --sender correo --list clientes \
  --subject '¡Hola {{name}}! Ofertas en {{Ciudad}} 🎉' --text $'Hola {{name}},\nofertas en {{Ciudad}}. Ñandú 🐧\n' \
  --html-file "$W/body.html" --reply-to respuestas@example.com --attach "$W/catalogo.pdf" \
  --batch-size 50 --json | json_field id)
"$PREGON" campaign send "$id" >/dev/null
"$PREGON" worker --until-idle --log-level info 2>"$W/worker.log"

status=$("$PREGON" campaign status "$id" --json)
echo "$status"
[ "$(json_field sent <<<"$status")" = 195 ] || fail "expected 195 sent"
[ "$(json_field failed <<<"$status")" = 5 ] || fail "expected 5 failed (550 user unknown)"
[ "$(json_field status <<<"$status")" = partial ] || fail "expected partial"

$PY - "$W/mail" "$W/contacts.csv" "$W/catalogo.pdf" "$W/one-click.json" <<'PYEOF'
import csv, email.utils, glob, json, os, re, sys
from email import policy
from email.parser import BytesParser
mail_dir, contacts_csv, pdf, one_click_out = sys.argv[1:]
one_click = {}
contacts = {r["email"]: r for r in csv.DictReader(open(contacts_csv, encoding="utf-8"))}
pdf_bytes = open(pdf, "rb").read()
def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)
seen, ids = set(), set()
files = sorted(glob.glob(os.path.join(mail_dir, "*.eml")))
check(len(files) == 195, f"{len(files)} messages received, expected 195")
for path in files:
    raw = open(path, "rb").read()
    envelope = json.load(open(path[:-4] + ".json"))
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    to = msg["To"].addresses[0]
    c = contacts[to.addr_spec]
    where = f"{os.path.basename(path)} to {to.addr_spec}"
    check(envelope["rcpt_tos"] == [to.addr_spec] and envelope["mail_from"] == "news@example.com", where + ": envelope")
    check(envelope["tls"], where + ": not sent over TLS")
    check(to.addr_spec not in seen, where + ": sent twice"); seen.add(to.addr_spec)
    check(not msg.defects, where + f": defects {msg.defects}")
    check(all(b < 128 for b in raw), where + ": 8-bit bytes in the message")
    check(max(len(l) for l in raw.split(b"\r\n")) <= 998, where + ": line over 998")
    check(b"\n" not in raw.replace(b"\r\n", b""), where + ": bare LF")
    frm = msg["From"].addresses[0]
    check((frm.display_name, frm.addr_spec) == ("Pregón Noticias", "news@example.com"), where + f": From {frm}")
    check(to.display_name == c["name"], where + f": To name {to.display_name!r}")
    check(msg["Subject"] == f"¡Hola {c['name']}! Ofertas en {c['Ciudad']} 🎉", where + f": Subject {msg['Subject']!r}")
    check(msg["Reply-To"].addresses[0].addr_spec == "respuestas@example.com", where + ": Reply-To")
    check(email.utils.parsedate_to_datetime(msg["Date"]) is not None, where + ": Date")
    mid = msg["Message-ID"]
    check(mid.startswith("<") and mid.endswith("@example.com>") and mid not in ids, where + f": Message-ID {mid}")
    ids.add(mid)
    lu = msg["List-Unsubscribe"]
    check("<mailto:unsubscribe@example.com?subject=unsubscribe-" in lu and "<https://mail.example.com/u/" in lu, where + f": List-Unsubscribe {lu}")
    check(msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", where + ": List-Unsubscribe-Post")
    url = re.search(r"<(https://mail\.example\.com/u/[^>]+)>", lu).group(1)
    check(re.fullmatch(r"https://mail\.example\.com/u/u\d+\.\d+\.0\.[A-Za-z0-9_-]{22}", url), where + f": signed URL {url}")
    one_click[to.addr_spec] = url
    cid = msg["X-Pregon-Campaign-Id"]
    check(msg["List-Id"] == f"<campaign-{cid}.example.com>", where + f": List-Id {msg['List-Id']}")
    check(msg["Feedback-ID"] == f"{cid}:pregon:example.com", where + f": Feedback-ID {msg['Feedback-ID']}")
    check(msg.get_content_type() == "multipart/mixed", where + ": not multipart/mixed")
    body, attachment = msg.get_payload()
    check(body.get_content_type() == "multipart/alternative", where + ": body not multipart/alternative")
    text, html = body.get_payload()
    check(text.get_content_type() == "text/plain" and html.get_content_type() == "text/html", where + ": part types")
    check(text.get_content_charset() == "utf-8" and text["Content-Transfer-Encoding"] == "quoted-printable", where + ": text encoding")
    # The body, then the unsubscribe footer pregon adds (the same signed URL as the header).
    check(text.get_content().replace("\r\n", "\n") == f"Hola {c['name']},\nofertas en {c['Ciudad']}. Ñandú 🐧\n"
          f"\n\n--\nDarse de baja / Unsubscribe: {url}\n", where + f": text body {text.get_content()!r}")
    esc = c["name"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html_body = html.get_content().replace("\r\n", "\n")
    check(html_body.startswith(f"<p>Hola <b>{esc}</b>, ofertas en {c['Ciudad']} ☕</p>\n<p style="), where + f": html body {html_body!r}")
    check(f'<a href="{url}"' in html_body and "/t/" not in html_body, where + ": html footer (and no tracking without PREGON_PUBLIC_URL)")
    check(attachment.get_content_type() == "application/pdf" and attachment.get_filename() == "catalogo.pdf"
          and attachment.get_content_disposition() == "attachment", where + ": attachment headers")
    check(attachment.get_content() == pdf_bytes, where + ": attachment bytes")
bounced = {a for a in contacts if a.startswith("bounce")}
check(seen == set(contacts) - bounced, "recipients differ from the audience minus the bounces")
json.dump(one_click, open(one_click_out, "w"))
print(f"ok: {len(files)} messages parsed and checked")
PYEOF

# Connections are reused: one per worker thread and batch at most, plus one after each
# refused transaction (libcurl closes the connection after an error), not one per message.
conns=$(wc -l <"$W/mail/connections.log")
[ "$conns" -le 20 ] || fail "$conns SMTP connections for 200 messages: not reused"
echo "ok: $conns SMTP connections for 200 messages"

sup=$("$PREGON" suppression list --reason bounced --json)
n=$($PY -c 'import json,sys; s=json.load(sys.stdin)["suppressions"]; assert all(x["address"].startswith("bounce") for x in s); print(len(s))' <<<"$sup")
[ "$n" = 5 ] || fail "expected 5 bounced suppressions, got $n: $sup"
echo "ok: the 5 unknown users are suppressed as bounced"

# One-click unsubscribe, answered by `pregon serve` (the URLs' host stands for it).
PREGON_ALLOWED_HOSTS=127.0.0.1 start_serve
export API_URL W PREGON
$PY - <<'PYEOF'
import json, os, subprocess, urllib.error, urllib.request
urls = json.load(open(os.environ["W"] + "/one-click.json"))
base = os.environ["API_URL"]
def call(method, url, body=None, headers=None, lang="es"):
    path = url.replace("https://mail.example.com", "")
    req = urllib.request.Request(base + path, data=body, method=method,
                                 headers=dict({"Accept-Language": lang}, **(headers or {})))
    try:
        with urllib.request.urlopen(req) as r: return r.status, r.read().decode()
    except urllib.error.HTTPError as e: return e.code, e.read().decode()
def unsubscribed():
    out = subprocess.run([os.environ["PREGON"], "suppression", "list", "--reason", "unsubscribed", "--json"],
                         check=True, capture_output=True, text=True).stdout
    return sorted(s["address"] for s in json.loads(out)["suppressions"])
a, b = urls["p0@example.com"], urls["p1@example.com"]
status, page = call("GET", a)
assert status == 200 and '<form method="post">' in page and "p***@example.com" in page, (status, page)
assert "Darme de baja" in page, page
status, page = call("GET", a, lang="en")
assert status == 200 and "Stop receiving these e-mails at p***@example.com?" in page, page
assert unsubscribed() == [], "a GET unsubscribed someone"
status, page = call("POST", a, b"List-Unsubscribe=One-Click", {"Content-Type": "application/x-www-form-urlencoded"})
assert status == 200 and "ya no recibirá" in page, (status, page)
status, _ = call("POST", b)  # some clients send no body at all
assert status == 200
assert unsubscribed() == ["p0@example.com", "p1@example.com"], unsubscribed()
assert call("POST", a)[0] == 200, "a second POST answers the same"
prefix, delivery, link, mac = a.rsplit(".", 3)
forged = f"{prefix}.{int(delivery) + 1}.{link}.{mac}"
for bad in (forged, a[:-2], a.replace("/u/u", "/u/c"), "https://mail.example.com/u/1-2"):
    status, page = call("POST", bad)
    assert status == 404 and "no es válido" in page, (bad, status, page)
assert unsubscribed() == ["p0@example.com", "p1@example.com"], unsubscribed()
print("ok: one-click unsubscribe: a GET changes nothing, a POST suppresses, forged tokens are 404")
PYEOF
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true

# The next campaign to the same list skips them at snapshot time.
rm -f "$W"/mail/*.eml
id2=$("$PREGON" campaign create --name segunda --sender correo --list clientes --subject 'Hola {{name}}' \
  --text 'otra vez' --json | json_field id)
"$PREGON" campaign send "$id2" >/dev/null
"$PREGON" worker --until-idle
status2=$("$PREGON" campaign status "$id2" --json)
[ "$(json_field suppressed <<<"$status2")" = 7 ] || fail "second campaign: expected 7 suppressed: $status2"
[ "$(json_field sent <<<"$status2")" = 193 ] || fail "second campaign: expected 193 sent: $status2"
[ "$(json_field status <<<"$status2")" = done ] || fail "second campaign: expected done: $status2"
echo "ok: the next campaign counts the bounced and the unsubscribed as suppressed and is done"

# The SMTP password never shows: not in logs, not in the sender list.
if grep -q 's3cr3t' "$W/worker.log" || "$PREGON" sender list --json | grep -q 's3cr3t'; then
  fail "the SMTP password was printed"
fi
echo "ok: smtp campaign"
