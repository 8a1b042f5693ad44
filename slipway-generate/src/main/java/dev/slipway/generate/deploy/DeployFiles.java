package dev.slipway.generate.deploy;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.Layout;
import dev.slipway.generate.support.Yaml;
import java.util.List;

/** A YAML file of one or more documents, opened by the "generated, do not edit" header. */
final class DeployFiles {

    private DeployFiles() {
    }

    static GeneratedFile yaml(String path, Object... documents) {
        return new GeneratedFile(path, "# " + Layout.HEADER_TEXT + "\n" + Yaml.writeAll(List.of(documents)));
    }

    static GeneratedFile yaml(String path, List<?> documents) {
        return new GeneratedFile(path, "# " + Layout.HEADER_TEXT + "\n" + Yaml.writeAll(documents));
    }
}
