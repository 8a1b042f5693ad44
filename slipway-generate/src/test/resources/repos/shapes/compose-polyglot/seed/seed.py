import os

DSN = os.getenv("DATABASE_URL", "postgres://app@postgres:5432/catalog")
