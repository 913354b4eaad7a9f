"""A stand-in for the part of GitHub's REST API that upsert-comment.sh uses, on 127.0.0.1 only.

gh is pointed at it with GH_HOST=github.localhost (gh's development host, spoken to over plain HTTP) and
HTTP_PROXY=http://127.0.0.1:PORT, so requests arrive here in absolute form. Comments live in memory;
GET /__state returns them so a test can check what the script did. Stops after MAX_REQUESTS or on /__stop.
"""
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit, parse_qs

MAX_REQUESTS = 200
comments = []   # {"id", "body", "issue"}
log = []


class StandIn(BaseHTTPRequestHandler):
    def _path(self):
        return urlsplit(self.path).path

    def _send(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        return json.loads(raw or b"{}")

    def _view(self, c):
        return {"id": c["id"], "body": c["body"], "html_url": "http://github.localhost/comment/%d" % c["id"]}

    def do_GET(self):
        path = self._path()
        log.append("GET " + path)
        if path == "/__state":
            return self._send(200, {"comments": comments, "log": log})
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues/(\d+)/comments", path)
        if m:
            issue = int(m.group(3))
            return self._send(200, [self._view(c) for c in comments if c["issue"] == issue])
        self._send(404, {"message": "Not Found"})

    def do_POST(self):
        path = self._path()
        log.append("POST " + path)
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues/(\d+)/comments", path)
        if not m:
            return self._send(404, {"message": "Not Found"})
        comment = {"id": 1000 + len(comments), "body": self._body().get("body", ""), "issue": int(m.group(3))}
        comments.append(comment)
        self._send(201, self._view(comment))

    def do_PATCH(self):
        path = self._path()
        log.append("PATCH " + path)
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues/comments/(\d+)", path)
        if not m:
            return self._send(404, {"message": "Not Found"})
        for c in comments:
            if c["id"] == int(m.group(3)):
                c["body"] = self._body().get("body", "")
                return self._send(200, self._view(c))
        self._send(404, {"message": "Not Found"})

    def log_message(self, *args):
        pass


def main():
    server = HTTPServer(("127.0.0.1", 0), StandIn)
    print(server.server_address[1], flush=True)   # the port, for the caller
    for _ in range(MAX_REQUESTS):
        server.handle_request()
        if log and log[-1] == "GET /__stop":
            break


if __name__ == "__main__":
    sys.exit(main())
