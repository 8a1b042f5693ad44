package dev.slipway.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.VersionRange;
import dev.slipway.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** A release record keeps typed ranges, and its stored document keeps them as the text it always had. */
class ReleaseRecordsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void rangesAreTypedInTheRecordAndTextInTheStoredDocument() {
        Map<String, VersionRange> declared = VersionRange.parseAll(Map.of("db", ">=1 <3"));
        Map<String, VersionRange> ran = VersionRange.parseAll(Map.of("db", "^2.0.0"));
        ReleaseRecord record = new ReleaseRecord("r-dev-1", "dev", "slipway.yaml", Map.of("api", "1.0.0"), Map.of(),
                Map.of("api", declared), 1, "rollback-dependents", List.of(),
                Map.of("api", new ReleaseRecord.Before("2.0.0", null, ran)), ReleaseRecord.RUNNING, null, null, null,
                null, null, null, null);
        try (Store store = Store.h2(dir.resolve("data"))) {
            ReleaseRecords records = new ReleaseRecords(store, dir);
            records.save(record);

            var document = JSON.readTree(store.releases().document("r-dev-1").orElseThrow());
            assertThat(document.get("ranges")).isEqualTo(JSON.readTree("{\"api\": {\"db\": \">=1 <3\"}}"));
            assertThat(document.at("/before/api/ranges")).isEqualTo(JSON.readTree("{\"db\": \"^2.0.0\"}"));

            ReleaseRecord read = records.require("r-dev-1");
            assertThat(read.ranges()).isEqualTo(Map.of("api", declared));
            assertThat(read.request().ranges("api")).contains(declared);
            assertThat(read.beforeInventory().deployed("api").orElseThrow().ranges()).contains(ran);
        }
    }
}
