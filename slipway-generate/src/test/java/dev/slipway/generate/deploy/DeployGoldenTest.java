package dev.slipway.generate.deploy;

import dev.slipway.generate.Generator;
import dev.slipway.generate.GoldenFiles;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deploy targets' output for examples/minimal, compared byte for byte with the golden files in
 * {@code src/test/resources/golden/TARGET/}. After an intended change, regenerate them with
 * <pre>./mvnw -pl slipway-generate -am test -Dtest=DeployGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dslipway.updateGolden=true</pre>
 * and review the diff.
 */
class DeployGoldenTest {

    static Stream<Generator> targets() {
        return Stream.of(new KubernetesManifests(), new ArgoCdApplications(), new FluxKustomizations(),
                new IstioRouting(), new GatewayApiRouting(), new ArgoRollouts());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void minimalExampleMatchesGoldenFiles(Generator generator) throws IOException {
        GoldenFiles.assertMatches(generator.target(), generator.generate(DeploySpecs.minimal()));
    }

}
