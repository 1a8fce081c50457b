#!/usr/bin/env bash
# The reporter API (/api/v1/reporter/..., docs/SLOTS.md) as clients use it against the real
# `pregon serve` and `pregon worker`: slots, one's own reservation (a full slot refused in the
# client's language, secret job parameters never answered nor stored in clear), the runs a
# client took part in and their progress — only its own user, another client's run a 404 —
# followed live by Server-Sent Events while a worker runs the jobs; and a client may do
# nothing else: every other documented route is a 403.
source "$(dirname "$0")/lib.sh"

cat >"$W/job.sh" <<'SH'
#!/bin/sh
# COMMAND prepare|range --user U --run R [--start A --end B]
if [ "$1" = prepare ]; then
  [ "$3" = ana ] && { echo 250; exit 0; }
  echo 120
  exit 0
fi
sleep 0.1
echo "$3 $7-$9"
SH
chmod +x "$W/job.sh"

export PREGON_SLOT_TZ=UTC PREGON_POLL_INTERVAL=200ms
export PREGON_SECRET_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
"$PREGON" migrate >/dev/null
"$PREGON" job define reporter --command "$W/job.sh" >/dev/null
# Hours away from the current one, so that the worker's own hourly trigger leaves them alone.
now=$(date -u +%-H)
H1=$(( (now + 3) % 24 )); H2=$(( (now + 6) % 24 ))
"$PREGON" slot capacity --hour "$H1" --max-users 1 >/dev/null
for h in $(seq 0 23); do  # only H2 has room for a reservation that names no hour
  [ "$h" = "$H1" ] || [ "$h" = "$H2" ] || "$PREGON" slot capacity --hour "$h" --max-users 0 >/dev/null
done
ADMIN=$(new_token admin admin)
VIEWER=$(new_token viewer viewer)
ANA=$(new_token ana client)
BEA=$(new_token bea client)
CID=$(new_token cid client)
expect_error "a pending factor that is not a number" env PREGON_SLOT_PENDING_FACTOR=lots \
  "$PREGON" reservation create --username ana --job reporter
# serve runs no jobs itself (PREGON_JOB_THREADS=0): the worker started below does, once the
# client follows the run.
PREGON_JOB_THREADS=0 PREGON_SLOT_PENDING_FACTOR=0.1 start_serve
export API_URL ADMIN VIEWER ANA BEA CID W TEST_DIR PREGON H1 H2 DATABASE_URL

$PY - <<'PY'
import os, subprocess, sys, threading
sys.path.insert(0, os.environ["TEST_DIR"])
from api_lib import Api

url = os.environ["API_URL"]
admin, viewer, ana, bea, cid = (Api(url, os.environ[k]) for k in ("ADMIN", "VIEWER", "ANA", "BEA", "CID"))
H1, H2 = int(os.environ["H1"]), int(os.environ["H2"])
R = "/api/v1/reporter"

# ---- A client may use the reporter routes and nothing else.
doc = admin.ok("GET", "/api/v1/openapi.json")
denied = 0
for path, item in doc["paths"].items():
    concrete = path.replace("{id}", "1").replace("{address}", "a@example.com")
    for method, op in item.items():
        if op.get("security") == [] or op["x-pregon-permission"] == "reserve_slots":
            continue
        ana.fails(403, method.upper(), concrete, code="permission_denied")
        denied += 1
assert denied >= 30, denied
viewer.fails(403, "GET", R + "/slots", code="permission_denied")
print(f"ok: a client is refused all {denied} other routes, a viewer the reporter's")

# ---- Slots.
slots = ana.ok("GET", R + "/slots")
assert [s["hour"] for s in slots] == list(range(24)), slots
s1 = slots[H1]
assert set(s1) == {"id", "hour", "hour_label", "max_users", "current_users", "available", "bookable"}, s1
assert s1["id"] == H1 and s1["hour_label"] == f"{H1:02d}:00" and s1["max_users"] == 1 and s1["available"] == 1, s1

# ---- Reservations: none yet; one with job parameters, a secret one among them.
assert ana.ok("GET", R + "/reservations") is None
secret = "hunter2-sesame"
r = ana.ok("POST", R + "/reservations", {
    "slot_id": H1, "monthly_orders_estimate": 1500,
    "params": [{"name": "SITE", "value": "shop.example"},
               {"name": "PASSWORD", "value": secret, "secret": True}]}, expect=201)
assert r["hour"] == H1 and r["username"] == "ana" and r["job"] == "reporter", r
assert r["weight"] == 1 and r["estimated_pending"] == 150, r  # 1500 x PREGON_SLOT_PENDING_FACTOR
assert ana.ok("GET", R + "/reservations")["id"] == r["id"]
import sqlite3
stored = dict(sqlite3.connect(os.environ["DATABASE_URL"][len("sqlite://"):]).execute(
    "SELECT name, value FROM job_params p JOIN users u ON u.id = p.user_id WHERE u.username = 'ana'"))
assert stored["SITE"] == "shop.example" and secret not in stored["PASSWORD"], stored
assert ana.ok("GET", R + "/slots")[H1]["available"] == 0

# A full slot: 409 in the client's language.
err, headers = bea.fails(409, "POST", R + "/reservations", {"slot_id": H1, "monthly_orders_estimate": 10},
                         code="slot_full", headers={"Accept-Language": "es-CO,es;q=0.9,en;q=0.8"})
assert err["message"] == f"La hora {H1:02d}:00 está llena (máx 1 usuario)", err
assert headers.get("content-language") == "es", headers
assert err["details"]["max_users"] == 1 and err["details"]["hour"] == H1, err
err, _ = bea.fails(409, "POST", R + "/reservations", {"slot_id": H1, "monthly_orders_estimate": 10}, code="slot_full")
assert err["message"] == f"The {H1:02d}:00 slot is full (at most 1 user)", err
# No hour given: the first with room for the weight (3000 orders: weight 2).
b = bea.ok("POST", R + "/reservations", {"monthly_orders_estimate": 3000}, expect=201)
assert b["hour"] == H2 and b["weight"] == 2, b
c = cid.ok("POST", R + "/reservations", {"slot_id": None, "monthly_orders_estimate": 5}, expect=201)
assert c["hour"] == H2, c

# Bad input, each refused with the field named; nothing changed.
bea.fails(400, "POST", R + "/reservations", {"monthly_orders_estimate": 1, "hour": 3}, field="hour")
bea.fails(400, "POST", R + "/reservations", {"slot_id": H2}, field="monthly_orders_estimate")
bea.fails(422, "POST", R + "/reservations", {"slot_id": 24, "monthly_orders_estimate": 1}, field="slot_id")
bea.fails(422, "POST", R + "/reservations", {"monthly_orders_estimate": 1, "job": "rm-rf"}, field="job")
bea.fails(422, "POST", R + "/reservations", {"monthly_orders_estimate": 1,
          "params": [{"name": "lower", "value": "x"}]}, field="params")
bea.fails(400, "POST", R + "/reservations", {"monthly_orders_estimate": 1,
          "params": [{"name": "A", "value": "x", "command": "/bin/sh"}]}, field="params[0].command")
assert bea.ok("GET", R + "/reservations")["hour"] == H2
bea.fails(400, "GET", R + "/runs?days=0", field="days")
print("ok: reservations, the full slot in Spanish and English, bad input refused")

# ---- Runs: created by trigger-slot, worked by a worker, followed live.
def trigger(hour):
    out = subprocess.run([os.environ["PREGON"], "trigger-slot", "--hour", str(hour), "--json"],
                         check=True, capture_output=True, text=True).stdout
    import json
    return json.loads(out)["id"]
run1, run2 = trigger(H1), trigger(H2)

bea.fails(404, "GET", f"{R}/runs/{run1}/progress", code="not_found")
bea.fails(404, "GET", f"{R}/runs/999999/progress", code="not_found")
p = bea.ok("GET", f"{R}/runs/{run2}/progress")
assert [u["username"] for u in p["users"]] == ["bea"], p
assert p["run_status"] == "running" and p["slot_hour"] == H2, p
assert [u["username"] for u in admin.ok("GET", f"{R}/runs/{run2}/progress")["users"]] == ["bea", "cid"]
assert [x["id"] for x in ana.ok("GET", R + "/runs")] == [run1]
assert [x["id"] for x in bea.ok("GET", R + "/runs?days=1")] == [run2]
assert {run1, run2} <= {x["id"] for x in admin.ok("GET", R + "/runs")}

events, first = [], threading.Event()
def on_event(name, data, _):
    first.set()
    return name == "end"
def follow():
    events.extend(ana.sse(f"{R}/runs/{run1}/progress", on_event, timeout=120))
reader = threading.Thread(target=follow)
reader.start()
assert first.wait(60), "no first progress event"  # the run as it was before any work
worker = subprocess.Popen([os.environ["PREGON"], "worker"], stdout=subprocess.DEVNULL,
                          stderr=open(os.environ["W"] + "/worker.log", "w"))
try:
    reader.join(150)
    assert not reader.is_alive(), "the event stream did not end"
finally:
    worker.terminate()
    worker.wait(30)
names = [e[0] for e in events]
assert names[-1] == "end" and events[-1][1] == {"run_status": "completed"}, events
progress = [e[1] for e in events if e[0] == "progress"]
assert len(progress) >= 2 and progress[0]["run_status"] == "running", progress
last = progress[-1]
assert last["run_status"] == "completed" and last["finished_at"], last
(u,) = last["users"]
assert u["username"] == "ana" and u["status"] == "completed", u
assert u["download_compare_status"] == "completed" and u["download_compare_completed_at"], u
assert u["total_pending_orders"] == 250 and u["total_ranges"] == 3 and u["ranges_completed"] == 3, u
assert ana.ok("GET", f"{R}/runs/{run1}/progress") == last
print(f"ok: ana followed her run live: {len(progress)} progress events, then end")

# ---- Cancelling.
gone = ana.ok("DELETE", R + "/reservations")
assert gone["cancelled"] is True and gone["id"] == r["id"], gone
assert ana.ok("GET", R + "/reservations") is None
ana.fails(404, "DELETE", R + "/reservations", code="not_found")
assert ana.ok("GET", R + "/slots")[H1]["available"] == 1

for api in (admin, ana, bea, cid):
    for text in api.log:
        assert secret not in text, "a secret parameter was answered"
print("ok: cancelled; no answer ever held the secret")
PY

# No log holds the secret.
if grep -q "hunter2-sesame" "$W"/serve.*.log "$W/worker.log"; then fail "the secret is in a log"; fi
echo "ok: the secret parameter is in no log"
