"""Parses stored e-mail messages with Python's email package and prints what it found.

Usage: /usr/bin/python3 check_messages.py DIR

For every DIR/*.eml (in name order) prints one JSON object per line, so a C++ test can
compare an independent parser's view of pregon's MIME output with what it meant to send:
  file, mail_from, rcpt_tos        (from the NNNN.json beside it, when there is one)
  headers                          {lower-case name: [decoded values]} (RFC 2047 decoded)
  addresses                        {"from"|"to"|"reply-to": [{"name", "address"}]}
  content_type, is_multipart
  parts                            leaf parts: {"content_type", "charset", "cte",
                                   "disposition", "filename", "content"} with content
                                   decoded (QP/base64 + charset) and CRLF turned into LF;
                                   binary parts have "content_base64" instead of "content"
  defects                          every defect the parser noted (message, parts, headers)
  max_line                         the longest raw line, in bytes, without its CRLF
  max_header_line                  the longest raw header line
  bare_lf, bare_cr                 a LF without CR before it / a CR without LF after it
  eight_bit                        any byte above 127 in the raw message
"""

import base64
import glob
import json
import os
import sys
from email import policy
from email.parser import BytesParser

ADDRESS_HEADERS = ("from", "to", "reply-to")


def describe(path):
    with open(path, "rb") as f:
        raw = f.read()
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    out = {"file": os.path.basename(path)}
    envelope = path[:-4] + ".json"
    if os.path.exists(envelope):
        with open(envelope) as f:
            out.update(json.load(f))

    defects = [repr(d) for d in msg.defects]
    headers = {}
    addresses = {}
    for name in dict.fromkeys(k.lower() for k in msg.keys()):
        values = msg.get_all(name)
        headers[name] = [str(v) for v in values]
        for v in values:
            defects += [repr(d) for d in getattr(v, "defects", ())]
        if name in ADDRESS_HEADERS:
            addresses[name] = [{"name": a.display_name, "address": a.addr_spec}
                               for v in values for a in v.addresses]
    out["headers"] = headers
    out["addresses"] = addresses
    out["content_type"] = msg.get_content_type()
    out["is_multipart"] = msg.is_multipart()

    parts = []
    for part in msg.walk():
        if part.is_multipart():
            defects += [repr(d) for d in part.defects]
            continue
        defects += [repr(d) for d in part.defects]
        entry = {
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "cte": part.get("Content-Transfer-Encoding", ""),
            "disposition": part.get_content_disposition(),
            "filename": part.get_filename(),
        }
        content = part.get_content()
        if isinstance(content, bytes):
            entry["content_base64"] = base64.b64encode(content).decode("ascii")
        else:
            entry["content"] = content.replace("\r\n", "\n")
        parts.append(entry)
    out["parts"] = parts
    out["defects"] = defects

    lines = raw.split(b"\r\n")
    out["max_line"] = max(len(line) for line in lines)
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    out["max_header_line"] = max(len(line) for line in header_block.split(b"\r\n"))
    out["bare_lf"] = any(b"\n" in line for line in lines)
    out["bare_cr"] = any(b"\r" in line for line in lines)
    out["eight_bit"] = any(b > 127 for b in raw)
    return out


def main():
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.eml"))):
        print(json.dumps(describe(path), ensure_ascii=False))


if __name__ == "__main__":
    main()
