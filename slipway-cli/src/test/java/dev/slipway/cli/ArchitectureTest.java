package dev.slipway.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules of DESIGN.md's module map, checked on the compiled classes of every module (the CLI's test classpath
 * holds them all): data flows one way, spec → generate | plan → execute → observe, and arrows point toward the
 * model; the release engine is pure Java (its ports do the I/O); no two packages need each other.
 */
class ArchitectureTest {

    private static final JavaClasses SLIPWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // in `verify` the modules' test classes arrive as test-jars, which the option above does not know
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.slipway");

    @Test
    void modulesDependOnlyTowardTheModel() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("dev.slipway.model..")
                .layer("generate").definedBy("dev.slipway.generate..")
                .layer("release").definedBy("dev.slipway.release..")
                .layer("sandbox").definedBy("dev.slipway.sandbox..")
                .layer("kubernetes").definedBy("dev.slipway.kubernetes..")
                .layer("prometheus").definedBy("dev.slipway.prometheus..")
                .layer("notify").definedBy("dev.slipway.notify..")
                .layer("supply").definedBy("dev.slipway.supply..")
                .layer("store").definedBy("dev.slipway.store..")
                .layer("run").definedBy("dev.slipway.run..")
                .layer("server").definedBy("dev.slipway.server..")
                .layer("cli").definedBy("dev.slipway.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("run").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("store").mayOnlyBeAccessedByLayers("run", "server", "cli")
                .whereLayer("notify").mayOnlyBeAccessedByLayers("run", "cli")
                .whereLayer("supply").mayOnlyBeAccessedByLayers("run", "server", "cli")
                .whereLayer("prometheus").mayOnlyBeAccessedByLayers("run", "cli")
                .whereLayer("kubernetes").mayOnlyBeAccessedByLayers("run", "cli")
                .whereLayer("sandbox").mayOnlyBeAccessedByLayers("run", "cli")
                .whereLayer("release").mayOnlyBeAccessedByLayers("sandbox", "kubernetes", "prometheus", "notify",
                        "supply", "store", "run", "server", "cli")
                .whereLayer("generate").mayOnlyBeAccessedByLayers("run", "server", "cli")
                .check(SLIPWAY);
    }

    @Test
    void theServerIsHttpOnlyAndRunsReleasesThroughTheApplicationLayer() {
        noClasses().that().resideInAPackage("dev.slipway.server..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slipway.sandbox..",
                        "dev.slipway.kubernetes..", "dev.slipway.prometheus..", "dev.slipway.notify..")
                .check(SLIPWAY);
    }

    @Test
    void theReleaseEngineIsFreeOfIo() {
        noClasses().that().resideInAnyPackage("dev.slipway.release.plan..", "dev.slipway.release.execute..",
                        "dev.slipway.release.analysis..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.sql..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "getenv", String.class)
                .because("the engine runs on the Clock, Cluster, Metrics and Journal ports, which tests replace")
                .check(SLIPWAY);
    }

    @Test
    void noModuleNeedsAnotherThatNeedsIt() {
        slices().matching("dev.slipway.(*)..").should().beFreeOfCycles().check(SLIPWAY);
    }

    @Test
    void noTwoPackagesOfTheEngineTheApplicationOrTheApiNeedEachOther() {
        for (String module : new String[] {"model", "release", "run", "server", "cli", "sandbox", "kubernetes", "store", "generate",
                "prometheus", "notify", "supply"}) {
            slices().matching("dev.slipway." + module + ".(**)").should().beFreeOfCycles()
                    .allowEmptyShould(true).check(SLIPWAY);
        }
    }
}
