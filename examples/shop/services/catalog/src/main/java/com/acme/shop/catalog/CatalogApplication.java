package com.acme.shop.catalog;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves the product catalog; reads its database URL from DATABASE_URL. */
public final class CatalogApplication {

    static final String READY = "ready\n";

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String database = System.getenv().getOrDefault("DATABASE_URL", "jdbc:postgresql://localhost:5432/catalog");
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health/ready", exchange -> {
            byte[] body = READY.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/api/products", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.printf("catalog listening on %d, database %s%n", port, database);
    }
}
