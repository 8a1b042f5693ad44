package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirOptionTest {

    @Test
    void theDefaultFollowsHomeNotTheJvmsPasswordDatabaseHome() {
        Map<String, String> env = Map.of("HOME", "/tmp/ci-home");
        assertThat(DataDirOption.defaultDir(env::get, "/root")).isEqualTo(Path.of("/tmp/ci-home/.slipway"));
    }

    @Test
    void slipwayDataDirWinsAndUserHomeIsTheLastResort() {
        Map<String, String> both = Map.of("HOME", "/tmp/ci-home", DataDirOption.ENV, "/var/lib/slipway");
        assertThat(DataDirOption.defaultDir(both::get, "/root")).isEqualTo(Path.of("/var/lib/slipway"));
        Map<String, String> none = Map.of();
        assertThat(DataDirOption.defaultDir(none::get, "/root")).isEqualTo(Path.of("/root/.slipway"));
    }
}
