import os

BROKER = os.environ["QUEUE_URL"]
