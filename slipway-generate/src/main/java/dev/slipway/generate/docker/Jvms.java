package dev.slipway.generate.docker;

import static dev.slipway.generate.docker.BuildInspector.match;

import dev.slipway.generate.docker.BuildInspector.Files;
import dev.slipway.generate.docker.ServiceBuild.Jvm;
import dev.slipway.generate.docker.ServiceBuild.JvmPackaging;
import dev.slipway.model.BuildTool;
import java.util.List;
import java.util.Optional;

/** What a Maven or Gradle service's build files say: wrapper, Java release, the runnable artifact and its main class. */
final class Jvms {

    private Jvms() {
    }

    static ServiceBuild inspect(Files files, BuildTool tool, Optional<String> own) {
        return tool == BuildTool.MAVEN ? maven(files, own) : gradle(files, own);
    }

    private static ServiceBuild maven(Files files, Optional<String> own) {
        String pom = files.read("pom.xml").orElseThrow(() -> files.refuse("is built with Maven but has no pom.xml",
                "set the service's `buildTool`, or add its pom.xml"));
        ToolchainVersion version = javaRelease(pom, "<maven\\.compiler\\.release>\\s*(?:1\\.)?(\\d+)",
                "<release>\\s*(?:1\\.)?(\\d+)\\s*</release>", "<java\\.version>\\s*(?:1\\.)?(\\d+)",
                "<maven\\.compiler\\.target>\\s*(?:1\\.)?(\\d+)")
                .map(v -> BaseImages.supported(BuildTool.MAVEN, v, files.file("pom.xml")))
                .orElse(BaseImages.defaultVersion(BuildTool.MAVEN));
        boolean wrapper = files.exists("mvnw");
        Optional<String> mainClass = match(pom, "<(?:mainClass|start-class|exec\\.mainClass)>\\s*([\\w.$]+)\\s*<")
                .or(() -> mainClassInSources(files));
        JvmPackaging packaging;
        if (pom.contains("spring-boot-maven-plugin")) {
            packaging = JvmPackaging.SPRING_BOOT;
        } else if (mainClass.isPresent()) {
            packaging = JvmPackaging.CLASSPATH;
        } else {
            throw files.refuse("builds a jar with no main class: pom.xml names none and no class under src/main/java has a main method",
                    "set <mainClass> in pom.xml (or the spring-boot-maven-plugin), or give the service its own `dockerfile:`");
        }
        String mvn = wrapper ? "./mvnw" : "mvn";
        List<String> tests = files.exists("src/test") ? List.of(mvn + " -B -ntp verify") : List.of();
        return new ServiceBuild(files.service(), BuildTool.MAVEN, files.dir(), files.dir(), own, true, version, wrapper,
                Optional.of("pom.xml"), tests, new Jvm(packaging, mainClass, files.service().name()));
    }

    private static ServiceBuild gradle(Files files, Optional<String> own) {
        String buildFile = files.exists("build.gradle.kts") ? "build.gradle.kts" : "build.gradle";
        String build = files.read(buildFile).orElseThrow(() -> files.refuse("is built with Gradle but has no build.gradle(.kts)",
                "set the service's `buildTool`, or add its build file"));
        ToolchainVersion version = javaRelease(build, "JavaLanguageVersion\\.of\\(\\s*(\\d+)",
                "(?:source|target)Compatibility\\s*=\\s*(?:JavaVersion\\.VERSION_(?:1_)?|['\"](?:1\\.)?)(\\d+)")
                .map(v -> BaseImages.supported(BuildTool.GRADLE, v, files.file(buildFile)))
                .orElse(BaseImages.defaultVersion(BuildTool.GRADLE));
        boolean wrapper = files.exists("gradlew");
        Optional<String> mainClass = match(build, "mainClass(?:Name)?(?:\\.set\\()?\\s*=?\\s*[\"']([\\w.$]+)[\"']");
        String settings = files.read("settings.gradle.kts").or(() -> files.read("settings.gradle")).orElse("");
        String distribution = match(settings, "rootProject\\.name\\s*=\\s*[\"']([^\"']+)[\"']")
                .orElse(BuildInspector.fileName(files.dir().equals(".") ? files.service().name() : files.dir()));
        JvmPackaging packaging;
        if (build.contains("org.springframework.boot")) {
            packaging = JvmPackaging.SPRING_BOOT;
        } else if (build.matches("(?s).*plugins\\s*\\{[^}]*\\b(application|id\\s*\\(?\\s*[\"']application[\"'])\\b.*")) {
            if (mainClass.isEmpty()) {
                throw files.refuse("applies Gradle's application plugin without a mainClass",
                        "set application { mainClass = \"...\" } in " + buildFile);
            }
            packaging = JvmPackaging.APPLICATION;
        } else {
            throw files.refuse("builds no runnable artifact: " + buildFile + " applies neither the application plugin nor Spring Boot",
                    "apply the `application` plugin with a mainClass, or give the service its own `dockerfile:`");
        }
        String gradle = wrapper ? "./gradlew" : "gradle";
        List<String> tests = files.exists("src/test") ? List.of(gradle + " --no-daemon test") : List.of();
        Optional<String> lock = files.exists("gradle/wrapper/gradle-wrapper.properties")
                ? Optional.of("gradle/wrapper/gradle-wrapper.properties") : Optional.of(buildFile);
        return new ServiceBuild(files.service(), BuildTool.GRADLE, files.dir(), files.dir(), own, true, version, wrapper,
                lock, tests, new Jvm(packaging, mainClass, distribution));
    }

    private static Optional<String> javaRelease(String text, String... patterns) {
        for (String pattern : patterns) {
            Optional<String> release = match(text, pattern);
            if (release.isPresent()) {
                return release;
            }
        }
        return Optional.empty();
    }

    /** The one class under src/main/java with a main method, by its file's path. */
    private static Optional<String> mainClassInSources(Files files) {
        String sources = files.file("src/main/java");
        List<String> mains = files.sources().find(sources, ".java", 16).stream()
                .filter(f -> files.sources().read(f).orElse("").matches("(?s).*static\\s+void\\s+main\\s*\\(.*"))
                .toList();
        if (mains.size() != 1) {
            return Optional.empty();
        }
        String path = mains.getFirst().substring(sources.length() + 1);
        return Optional.of(path.substring(0, path.length() - ".java".length()).replace('/', '.'));
    }
}
