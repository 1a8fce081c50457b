"""Queues a campaign for the peer pipeline: its counters row, then a task per batch of 50."""
import os
import sqlite3
import sys

from tasks import DB, send_batch

n, batch = int(sys.argv[1]), 50
db = sqlite3.connect(DB, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE campaigns (id INTEGER PRIMARY KEY, total INTEGER, sent INTEGER, "
           "failed INTEGER)")
db.execute("INSERT INTO campaigns VALUES (1, ?, 0, 0)", (n,))
for start in range(0, n, batch):
    recipients = [(f"user{i}@example.com", f"User {i}") for i in range(start, min(n, start + batch))]
    send_batch.delay(1, recipients)
