"""A small client for pregon's HTTP API, for the integration tests (standard library only).

    api = Api("http://127.0.0.1:8080", token)
    status, headers, body = api.call("POST", "/api/v1/campaigns", {"name": ...})
    body = api.ok("GET", "/api/v1/campaigns/1")           # asserts a 2xx, returns the JSON
    api.fails(422, "POST", "/api/v1/campaigns", {...}, field="batch_size")
"""
import http.client
import json
import socket
import uuid


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class Api:
    def __init__(self, base, token=None, unix_path=None, host_header=None):
        self.base = base.rstrip("/")
        self.token = token
        self.unix_path = unix_path
        self.host_header = host_header
        self.log = []  # every response body, to check that no secret is ever answered

    def connection(self, timeout=30):
        if self.unix_path:
            return UnixConnection(self.unix_path, timeout)
        hostport = self.base.split("://", 1)[1]
        return http.client.HTTPConnection(hostport, timeout=timeout)

    def call(self, method, path, body=None, token="default", headers=None, raw=None, content_type=None):
        """Returns (status, headers dict lower-cased, parsed JSON or text)."""
        h = dict(headers or {})
        tok = self.token if token == "default" else token
        if tok:
            h["Authorization"] = "Bearer " + tok
        if self.host_header:
            h["Host"] = self.host_header
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        if content_type:
            h["Content-Type"] = content_type
        conn = self.connection()
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            text = r.read().decode("utf-8", "replace")
            rh = {k.lower(): v for k, v in r.getheaders()}
            status = r.status
        finally:
            conn.close()
        self.log.append(text)
        parsed = text
        if rh.get("content-type", "").startswith("application/json"):
            parsed = json.loads(text)
        return status, rh, parsed

    def ok(self, method, path, body=None, expect=None, **kw):
        status, _, parsed = self.call(method, path, body, **kw)
        want = expect or (200, 201)
        want = want if isinstance(want, tuple) else (want,)
        assert status in want, f"{method} {path}: {status} {parsed}"
        return parsed

    def fails(self, status, method, path, body=None, field=None, code=None, **kw):
        got, headers, parsed = self.call(method, path, body, **kw)
        assert got == status, f"{method} {path}: want {status}, got {got} {parsed}"
        assert isinstance(parsed, dict) and set(parsed) == {"error"}, f"{method} {path}: not the error shape: {parsed}"
        err = parsed["error"]
        assert set(err) == {"code", "message", "details"} and err["message"], f"{method} {path}: {parsed}"
        if field is not None:
            assert err["details"].get("field") == field, f"{method} {path}: want field {field}: {parsed}"
        if code is not None:
            assert err["code"] == code, f"{method} {path}: want code {code}: {parsed}"
        return err, headers

    def multipart(self, method, path, fields, files, **kw):
        """fields: {name: text}; files: {name: (filename, bytes)}."""
        boundary = "pregon" + uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f'Content-Type: text/csv\r\n\r\n'.encode() + content + b"\r\n")
        data = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.call(method, path, raw=data, content_type=f"multipart/form-data; boundary={boundary}", **kw)

    def walk(self, path, limit):
        """Follows next_cursor from the first page to the last; returns every item in order."""
        items, cursor, pages = [], None, 0
        sep = "&" if "?" in path else "?"
        while True:
            url = f"{path}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
            page = self.ok("GET", url)
            assert len(page["items"]) <= limit, page
            items += page["items"]
            pages += 1
            cursor = page["next_cursor"]
            if cursor is None:
                return items, pages
            assert pages < 10000, "the cursor walk does not end"

    def sse(self, path, on_event, timeout=60, headers=None):
        """Reads the event stream at path, calling on_event(name, data_json, id) for each event until
        on_event returns True or the stream ends. Returns the list of (name, data, id)."""
        conn = self.connection(timeout)
        h = {"Accept": "text/event-stream", "Authorization": "Bearer " + self.token}
        h.update(headers or {})
        conn.request("GET", path, headers=h)
        r = conn.getresponse()
        assert r.status == 200, (r.status, r.read())
        assert r.getheader("Content-Type", "").startswith("text/event-stream")
        events, name, data, eid = [], None, None, None
        try:
            while True:
                line = r.fp.readline()
                if not line:
                    return events
                line = line.decode().rstrip("\n")
                if line.startswith(":") or line.startswith("retry:"):
                    continue
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                elif line.startswith("id: "):
                    eid = int(line[4:])
                elif line == "" and name:
                    events.append((name, data, eid))
                    done = on_event(name, data, eid)
                    name, data, eid = None, None, None
                    if done:
                        return events
        finally:
            conn.close()
