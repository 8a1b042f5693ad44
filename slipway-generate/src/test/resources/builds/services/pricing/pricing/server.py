"""Serves /healthz and /price?cents=N&quantity=M on PORT."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from pricing import total


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/healthz":
            self.answer(200, {"status": "ok"})
        elif url.path == "/price":
            query = parse_qs(url.query)
            self.answer(200, {"total": total(int(query["cents"][0]), int(query["quantity"][0]))})
        else:
            self.answer(404, {"error": "not found"})

    def answer(self, status, body):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)


def main():
    ThreadingHTTPServer(("", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
    return 0
