"""A local SMTP server for pregon's SMTP channel tests (aiosmtpd, loopback only).

Usage: /usr/bin/python3 smtp_sink.py --dir DIR [--auth-user U --auth-password P]

Listens on 127.0.0.1, on a free port, and prints "PORT <n>" on stdout once it accepts
connections. It stops when its stdin closes (the test ended, even by crashing) or on SIGTERM.

Each accepted message is stored as DIR/NNNN.eml (the content as received, after the
server undid the dot-stuffing) with DIR/NNNN.json beside it ({"mail_from", "rcpt_tos"}).
Each new connection appends a line to DIR/connections.log.

Scripted answers, by address or content:
  RCPT TO  bounce*@...    550 5.1.1 user unknown       (permanent)
  RCPT TO  greylist*@...  451 4.7.1 greylisted          (transient)
  MAIL FROM blocked*@...  553 5.7.1 sender rejected     (the sender's problem)
  DATA with "REJECT-ME" in the subject: 554 5.7.1 rejected as spam
  DATA with "SLOW-ACK" in the subject: stored, then 250 only after 3 s (a client with a
    shorter timeout gives up on a message the server has taken)
With --auth-user/--auth-password, AUTH (PLAIN or LOGIN, no TLS needed) is required and
only those credentials (compared as UTF-8 bytes) are accepted; others get 535.

With --tls-cert/--tls-key (PEM files), --tls starttls offers STARTTLS and refuses mail
before it ("530 Must issue a STARTTLS command first"); --tls implicit speaks TLS from the
first byte (smtps). Each message's .json then says whether it came over TLS ("tls").
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if address.lower().startswith("blocked"):
            return "553 5.7.1 <%s>: Sender address rejected: not owned by user" % address
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.lower()
        if local.startswith("bounce"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local.startswith("greylist"):
            return "451 4.7.1 <%s>: Recipient address rejected: Greylisted" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.content
        headers = content.split(b"\r\n\r\n", 1)[0]
        if b"REJECT-ME" in headers:
            return "554 5.7.1 Message rejected as spam"
        self.count += 1
        base = os.path.join(self.directory, "%04d" % self.count)
        with open(base + ".eml", "wb") as f:
            f.write(content)
        tls = server.transport.get_extra_info("ssl_object") is not None
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "tls": tls}, f)
        if b"SLOW-ACK" in headers:
            await asyncio.sleep(3)
        return "250 2.0.0 Ok: queued as %04d" % self.count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--auth-user")
    parser.add_argument("--auth-password")
    parser.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    tls_context = None
    if args.tls != "none":
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)
    logging.basicConfig(level=logging.ERROR)
    # "Requiring AUTH while not requiring TLS": deliberate here, loopback only.
    warnings.filterwarnings("ignore", category=UserWarning)

    handler = Handler(args.dir)
    connections = os.path.join(args.dir, "connections.log")
    kwargs = {}
    if args.auth_user is not None:
        user = args.auth_user.encode("utf-8")
        password = (args.auth_password or "").encode("utf-8")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user
                  and auth_data.password == password)
            # handled=False: aiosmtpd then answers 235 or 535 itself.
            return AuthResult(success=ok, handled=False)

        kwargs = dict(authenticator=authenticator, auth_required=True,
                      auth_require_tls=False)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    if args.tls == "starttls":
        kwargs.update(tls_context=tls_context, require_starttls=True)

    def factory():
        with open(connections, "a") as f:
            f.write("connection\n")
        return SMTP(handler, hostname="sink.test", **kwargs)

    implicit = tls_context if args.tls == "implicit" else None
    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0, ssl=implicit))
    port = server.sockets[0].getsockname()[1]

    def on_stdin():
        if not os.read(sys.stdin.fileno(), 4096):
            loop.stop()

    try:
        loop.add_reader(sys.stdin.fileno(), on_stdin)
    except PermissionError:
        pass  # stdin is a file (/dev/null), not a pipe: only SIGTERM stops the server
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    print("PORT %d" % port, flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
