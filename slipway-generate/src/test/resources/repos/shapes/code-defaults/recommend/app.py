import os

from flask import Flask

CATALOG_ADDR = os.getenv("CATALOG_ADDR", "catalog:8080")
CART_URL = os.environ.get("CART_URL", "http://cart:3000")
TIMEOUT = os.getenv("TIMEOUT", "5")

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.getenv("PORT", "5005")))
