const http = require("node:http");
const port = Number(process.env.PORT || 3000);
http.createServer((req, res) => {
  res.writeHead(req.url === "/healthz" ? 200 : 404, { "content-type": "text/plain" });
  res.end(req.url === "/healthz" ? "ok\n" : "not found\n");
}).listen(port, () => console.log(`storefront listening on ${port}`));
