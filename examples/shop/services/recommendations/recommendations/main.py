"""Serves recommendations for a product; reads the catalog address and Redis from the environment."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CATALOG_HOST = os.environ.get("CATALOG_HOST", "localhost")
REDIS_ADDR = os.environ.get("REDIS_ADDR", "localhost:6379")


def recommend(product_id: str, limit: int = 3) -> list[str]:
    """Neighbouring product ids: a stand-in for the model the real service loads."""
    base = sum(ord(c) for c in product_id)
    return [f"p{(base + i) % 1000:03d}" for i in range(1, limit + 1)]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/healthz":
            self._send(200, "text/plain", b"ok\n")
        elif self.path.startswith("/recommendations/"):
            body = json.dumps(recommend(self.path.rsplit("/", 1)[-1])).encode()
            self._send(200, "application/json", body)
        else:
            self._send(404, "text/plain", b"not found\n")

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        self.wfile.write(body)


def main():
    port = int(os.environ.get("PORT", "8080"))
    print(f"recommendations listening on {port}, catalog {CATALOG_HOST}, redis {REDIS_ADDR}")
    ThreadingHTTPServer(("", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
