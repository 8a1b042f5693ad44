package com.acme.shop.checkout;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Places orders: reserves the cart, charges payments, books shipping and publishes an order event. */
public final class CheckoutApplication {

    static final List<String> BACKENDS = List.of("CART_ADDR", "CATALOG_URL", "PAYMENTS_URL", "SHIPPING_HOST",
            "ORDERS_AMQP_URL");

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", exchange -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.printf("checkout listening on %d, missing backends %s%n", port, missing(env));
    }

    static List<String> missing(Map<String, String> env) {
        return BACKENDS.stream().filter(key -> !env.containsKey(key)).toList();
    }
}
