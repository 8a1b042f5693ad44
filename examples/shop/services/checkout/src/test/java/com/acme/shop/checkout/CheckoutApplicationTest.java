package com.acme.shop.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckoutApplicationTest {

    @Test
    void reportsBackendsWithoutAnAddress() {
        assertEquals(List.of("SHIPPING_HOST", "ORDERS_AMQP_URL"), CheckoutApplication.missing(Map.of(
                "CART_ADDR", "cart:7070", "CATALOG_URL", "http://catalog:8080", "PAYMENTS_URL", "http://payments:8080")));
    }
}
