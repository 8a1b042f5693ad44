// Storefront: a thin page server in front of the shop's APIs.
const http = require("node:http");

const port = Number(process.env.PORT || 3000);
const backends = {
  catalog: process.env.CATALOG_URL,
  cart: process.env.CART_GRPC_URL,
  checkout: process.env.CHECKOUT_URL,
  recommendations: process.env.RECOMMENDATIONS_URL,
};

const server = http.createServer(async (req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok\n");
    return;
  }
  if (req.url === "/") {
    const products = await fetch(`${backends.catalog}/products`).then((r) => r.json()).catch(() => []);
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<h1>Acme Shop</h1><p>${products.length} products</p>`);
    return;
  }
  res.writeHead(404);
  res.end();
});

server.listen(port, () => console.log(`frontend listening on ${port}, backends ${JSON.stringify(backends)}`));
