package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway approve} on the sandbox, locally: production names its only approver, so the decision of anyone
 * else is refused with a clear error (nothing recorded, the release still waits), and the named person's approval
 * runs the release to its end.
 */
class ApproveCommandTest {

    private static final String SPEC = """
            system:
              name: road
              registry: registry.example.com/road
            environments:
              - name: dev
                trigger: push
              - name: production
                trigger: tag
                promoteFrom: dev
                approval: true
                approvers:
                  names: [bob]
            services:
              api:
                path: api
                language: go
                port: 8080
            """;

    @TempDir
    Path tmp;

    @Test
    void onlyAPersonTheEnvironmentNamesMayDecide() throws Exception {
        String spec = Files.writeString(tmp.resolve("slipway.yaml"), SPEC).toString();
        String data = tmp.resolve("data").toString();
        Cli dev = Cli.run("deploy", "-f", spec, "--data-dir", data, "--env", "dev", "--set", "api=1.0.0");
        assertThat(dev.exitCode()).as(dev.err()).isZero();

        Cli promoted = Cli.run("promote", "-f", spec, "--data-dir", data, "--to", "production");
        assertThat(promoted.exitCode()).as(promoted.out() + promoted.err()).isEqualTo(ReleaseRunner.PAUSED);
        Matcher id = Pattern.compile("Release (r-production-\\d+) awaits approval").matcher(promoted.out());
        assertThat(id.find()).as(promoted.out()).isTrue();
        String release = id.group(1);

        for (String decision : new String[] {"approve", "reject"}) {
            Cli refused = "reject".equals(decision)
                    ? Cli.run("approve", release, "--reject", "--by", "mallory", "--data-dir", data)
                    : Cli.run("approve", release, "--by", "mallory", "--data-dir", data);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).isEqualTo("error: mallory is not an approver of production: only bob may "
                    + decision + " release " + release + "\nhint: one of them decides (approvers.names of production in"
                    + " slipway.yaml, as it was when the release started)\n");
        }

        Cli approved = Cli.run("approve", release, "--by", "bob", "--comment", "dev looks good", "--data-dir", data);
        assertThat(approved.exitCode()).as(approved.out() + approved.err()).isZero();
        assertThat(approved.out()).contains("Release " + release + " approved by bob: dev looks good.");
    }
}
