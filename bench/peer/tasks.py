"""The peer pipeline of bench/peer_celery.sh: the Celery + Redis stack of the systems pregon
replaces (seeds 001-003), lean, to compare with pregon on the same sink.

A task per batch of 50 recipients: the worker sends the batch's relay requests concurrently
(aiohttp, one keep-alive session per worker process, as the seeds' async batch task does) and
then adds its sent/failed counts to the campaign's row in SQLite in one atomic UPDATE. No
row per message, no lease, no retry: less work than pregon does, on purpose, so the
comparison flatters the peer rather than pregon.
"""
import asyncio
import json
import os
import sqlite3

import aiohttp
from celery import Celery

BROKER = os.environ["PEER_BROKER"]  # redis://127.0.0.1:PORT/0
SINK = os.environ["PEER_SINK"]      # http://127.0.0.1:PORT/accounts/1/messages
DB = os.environ["PEER_DB"]          # the SQLite file holding the campaign's counters

app = Celery("peer", broker=BROKER)
app.conf.update(task_ignore_result=True, worker_prefetch_multiplier=4,
                task_acks_late=False, broker_connection_retry_on_startup=True)

_loop = None
_session = None
_db = None


def _state():
    """Per worker process: an event loop, a keep-alive HTTP session and a database handle."""
    global _loop, _session, _db
    if _loop is None:
        _loop = asyncio.new_event_loop()
        asyncio.set_event_loop(_loop)
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        _session = _loop.run_until_complete(_make_session(connector))
        _db = sqlite3.connect(DB, timeout=30, isolation_level=None)
        _db.execute("PRAGMA journal_mode=WAL")
        _db.execute("PRAGMA synchronous=NORMAL")
    return _loop, _session, _db


async def _make_session(connector):
    return aiohttp.ClientSession(connector=connector)


async def _send_one(session, recipient):
    email, name = recipient
    body = json.dumps({
        "from_name": "Bench", "from_email": "news@example.com",
        "recipients": [{"type": "to", "email": email, "name": name}],
        "subject": f"Hi {name}", "text": f"Hello {name}, this is the weekly news.",
    })
    try:
        async with session.post(SINK, data=body, headers={
                "Content-Type": "application/json", "Authorization": "Bearer k"}) as r:
            await r.read()
            return 200 <= r.status < 300
    except aiohttp.ClientError:
        return False


async def _send_all(session, recipients):
    return await asyncio.gather(*(_send_one(session, r) for r in recipients))


@app.task(name="peer.send_batch")
def send_batch(campaign_id, recipients):
    loop, session, db = _state()
    results = loop.run_until_complete(_send_all(session, recipients))
    sent = sum(1 for ok in results if ok)
    db.execute("UPDATE campaigns SET sent = sent + ?, failed = failed + ? WHERE id = ?",
               (sent, len(results) - sent, campaign_id))
