package dev.slipway.generate.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which env values name an in-cluster service, one value at a time. */
class EnvReferencesTest {

    private static final Set<String> NAMESPACES = Set.of("shop");

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "CATALOG_URL     | http://catalog:8080/api                    | catalog",
            "CART            | grpc://cart:7070                           | cart",
            "AMQP            | amqp://user:pw@rabbitmq:5672/vhost         | rabbitmq",
            "REDIS           | redis://redis:6379/0                       | redis",
            "DB              | postgres://app@postgres:5432/app           | postgres",
            "JDBC            | jdbc:postgresql://postgres:5432/app        | postgres",
            "CART_ADDR       | cart:7070                                  | cart",
            "CATALOG         | catalog.shop.svc.cluster.local             | catalog",
            "CATALOG         | http://CATALOG.shop.svc.cluster.local:80/x | catalog",
            "PAYMENTS        | payments.other.svc:8080                    | payments",
            "EVENTS          | amqp://rabbitmq.shop:5672                  | rabbitmq",
            "BROKERS         | kafka-0:9092,kafka-1:9092                  | kafka-0 kafka-1",
            "SEARCH_HOST     | search                                     | search",
            "DB_ADDRESS      | postgres                                   | postgres",
            "ConnectionStrings__Db | Host=db;Port=5432;Database=app;Username=x | db",
            "SQL             | Server=tcp:sqldata,1433;Database=x;User Id=sa | sqldata",
            "DSN             | user:pw@tcp(catalogue-db:3306)/socksdb     | catalogue-db",
            "EventBusConnection | rabbitmq                                | rabbitmq",
            "KAFKA_BROKERS   | kafka                                      | kafka",
            "STRIPE          | https://api.stripe.com/v1                  | ''",
            "SMTP            | smtp.sendgrid.net:587                      | ''",
            "OTHER_NS        | payments.billing:8080                      | ''",
            "LOCAL           | http://localhost:3000                      | ''",
            "IP              | 10.1.2.3:5432                              | ''",
            "BUCKET          | s3://invoices/2024                         | ''",
            "FILE            | file:///etc/config                         | ''",
            "TEMPLATED       | http://$(CATALOG_HOST):8080                | ''",
            "LOG_LEVEL       | info                                       | ''",
            "TIME            | 10:30                                      | ''",
            "USE_HOST        | true                                       | ''",
            "BIND_ADDR       | 0.0.0.0:8080                               | ''",
    })
    void findsTheServicesAValueNames(String variable, String value, String expected) {
        List<String> names = EnvReferences.services(variable, value, NAMESPACES);
        assertThat(names).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(" ")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "frontend           | frontend",
            "Payments.Api       | payments-api",
            "my_service--v2     | my-service-v2",
            "2fa                | svc-2fa",
            "--                 | service",
    })
    void directoryNamesBecomeDnsLabels(String directory, String label) {
        assertThat(Names.dnsLabel(directory)).isEqualTo(label);
    }
}
