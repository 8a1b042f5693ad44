package com.acme.shop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CatalogApplicationTest {

    @Test
    void readinessAnswersWithOneLine() {
        assertEquals("ready\n", CatalogApplication.READY);
    }
}
