const Redis = require("ioredis");
const http = require("http");

const redis = new Redis(process.env.REDIS_URL || 'redis://redis:6379');
const port = process.env.PORT ?? 3000;

http.createServer((req, res) => res.end("ok")).listen(port);
