// Shipping: quotes shipments through the carrier API and books them when an order event arrives.
const http = require("node:http");

const port = Number(process.env.PORT || 3001);
const events = process.env.EVENTS_URL;
const carrier = process.env.CARRIER_API;

http
  .createServer((req, res) => {
    if (req.url === "/ready") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ready\n");
      return;
    }
    if (req.url.startsWith("/quotes")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ carrier, days: 3, price: { amount: 4.9, currency: "EUR" } }));
      return;
    }
    res.writeHead(404);
    res.end();
  })
  .listen(port, () => console.log(`shipping listening on ${port}, events from ${events}`));
