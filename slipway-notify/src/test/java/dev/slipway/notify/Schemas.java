package dev.slipway.notify;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON Schemas payloads are checked against: the published webhook one, and Slack's limits. */
final class Schemas {

    static final Schemas WEBHOOK = new Schemas("/dev/slipway/notify/release-event.schema.json");
    static final Schemas SLACK = new Schemas("/dev/slipway/notify/slack-message.schema.json");

    private final Schema schema;

    private Schemas(String resource) {
        try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + resource);
            }
            JsonNode document = JsonMapper.shared().readTree(in);
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about {@code json}; empty when it conforms. */
    List<String> check(String json) {
        return schema.validate(JsonMapper.shared().readTree(json)).stream().map(Error::toString).toList();
    }
}
