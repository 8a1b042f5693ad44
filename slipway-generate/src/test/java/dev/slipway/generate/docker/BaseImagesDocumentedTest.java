package dev.slipway.generate.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.generate.RepositoryFiles;
import dev.slipway.model.BuildTool;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every image {@link BaseImages} can put in a Dockerfile or a CI job has a row in the docs table that says where
 * its tag was confirmed to exist, so a new pin cannot land unchecked.
 */
class BaseImagesDocumentedTest {

    private static final Pattern CODE = Pattern.compile("`([^`\\s]+:[^`\\s]+)`");

    @Test
    void everyPinnedImageHasARowSayingWhereItWasConfirmed() throws Exception {
        String docs = Files.readString(RepositoryFiles.root().resolve("docs/generators/tekton-docker.md"));
        String table = docs.substring(docs.indexOf("### Where each pinned tag was confirmed"),
                docs.indexOf("## What the Dockerfiles are generated from"));
        Set<String> documented = new TreeSet<>();
        for (String row : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            Matcher image = CODE.matcher(row.substring(0, row.indexOf(" | ", 2)));
            while (image.find()) {
                documented.addAll(expand(image.group(1)));
            }
        }
        Set<String> pinned = new TreeSet<>(List.of(BaseImages.UV_IMAGE, BaseImages.DISTROLESS_STATIC, BaseImages.DISTROLESS_CC));
        for (BuildTool tool : BuildTool.values()) {
            List<ToolchainVersion> versions = new ArrayList<>();
            BaseImages.linesOf(tool).forEach((line, exact) -> versions.add(new ToolchainVersion(line, exact, "test")));
            if (versions.isEmpty()) {
                versions.add(BaseImages.defaultVersion(tool));
            }
            for (ToolchainVersion version : versions) {
                pinned.add(BaseImages.builder(tool, version));
                if (BuildInspector.buildsNatively(tool)) {
                    pinned.add(BaseImages.runtime(tool, version));
                }
            }
        }
        assertThat(pinned).hasSizeGreaterThan(30);
        assertThat(documented).containsAll(pinned);
    }

    /** {@code a:{1,2}-x} → {@code a:1-x}, {@code a:2-x}. */
    private static List<String> expand(String pattern) {
        int open = pattern.indexOf('{');
        if (open < 0) {
            return List.of(pattern);
        }
        int close = pattern.indexOf('}', open);
        List<String> all = new ArrayList<>();
        for (String choice : pattern.substring(open + 1, close).split(",")) {
            all.addAll(expand(pattern.substring(0, open) + choice + pattern.substring(close + 1)));
        }
        return all;
    }
}
