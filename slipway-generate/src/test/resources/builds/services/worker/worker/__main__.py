"""Serves /healthz while it works through its queue."""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/healthz" else 404)
        self.end_headers()
        self.wfile.write(b"ok\n")


ThreadingHTTPServer(("", int(os.environ.get("PORT", "8080"))), Health).serve_forever()
