package dev.slipway.release.plan;

import dev.slipway.model.DocPath;
import dev.slipway.model.Problem;
import dev.slipway.model.load.SmallYamlFile;
import dev.slipway.model.load.Suggest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a {@code release.yaml}:
 * <pre>
 * environment: production
 * services:
 *   payments: 2.1.0
 *   checkout: 3.0.0@sha256:...   # optional: the exact image to deploy
 * </pre>
 * Versions are read as written ({@code 2.10} stays {@code 2.10}, never the number 2.1). Every mistake comes back
 * as a located {@link Problem}.
 */
public final class ReleaseFile {

    private static final Set<String> KEYS = Set.of("environment", "services");

    private ReleaseFile() {
    }

    /** The request in {@code text} (a release file's content; reading it is the caller's: the engine does no I/O). */
    public static ReleaseRequest.Load load(String text, String label) {
        Reader reader = new Reader(label);
        Optional<ReleaseRequest> request = reader.read(text);
        return new ReleaseRequest.Load(reader.file.ok() ? request : Optional.empty(), reader.file.problems());
    }

    private static final class Reader {
        private final SmallYamlFile file;

        Reader(String label) {
            this.file = new SmallYamlFile(label);
        }

        Optional<ReleaseRequest> read(String text) {
            Optional<Node> root = file.compose(text, "keep the file to a plain mapping");
            if (!file.ok()) {
                return Optional.empty();
            }
            if (root.isEmpty() || !(root.get() instanceof MappingNode mapping)) {
                error(root.flatMap(Node::getStartMark), DocPath.ROOT, "expected a mapping with `environment:` and `services:`",
                        "e.g. {environment: production, services: {payments: 2.1.0}}");
                return Optional.empty();
            }
            String environment = null;
            Map<String, String> versions = new LinkedHashMap<>();
            Map<String, String> digests = new LinkedHashMap<>();
            boolean sawServices = false;
            for (NodeTuple entry : mapping.getValue()) {
                Optional<String> key = scalar(entry.getKeyNode());
                DocPath path = DocPath.of(key.orElse("?"));
                if (key.isEmpty()) {
                    error(entry.getKeyNode().getStartMark(), DocPath.ROOT, "expected a plain key", null);
                } else if (!KEYS.contains(key.get())) {
                    error(entry.getKeyNode().getStartMark(), path, "unknown key \"" + key.get() + "\"",
                            Suggest.closest(key.get(), KEYS).map(k -> "did you mean \"" + k + "\"?")
                                    .orElse("the keys are environment and services"));
                } else if (key.get().equals("environment")) {
                    environment = scalar(entry.getValueNode()).filter(s -> !s.isBlank()).orElse(null);
                    if (environment == null) {
                        error(entry.getValueNode().getStartMark(), path, "expected an environment name",
                                "e.g. environment: production");
                    }
                } else {
                    sawServices = true;
                    readServices(entry.getValueNode(), path, versions, digests);
                }
            }
            if (environment == null && file.problems().stream().noneMatch(p -> p.path().equals(DocPath.of("environment")))) {
                error(mapping.getStartMark(), DocPath.ROOT, "missing `environment:`", "e.g. environment: production");
            }
            if (!sawServices) {
                error(mapping.getStartMark(), DocPath.ROOT, "missing `services:`",
                        "map each service to its version, e.g. services: {payments: 2.1.0}");
            }
            return environment == null ? Optional.empty() : Optional.of(new ReleaseRequest(environment, versions, digests));
        }

        private void readServices(Node node, DocPath path, Map<String, String> versions,
                                  Map<String, String> digests) {
            if (!(node instanceof MappingNode services) || services.getValue().isEmpty()) {
                error(node.getStartMark(), path, "expected a mapping of service to version",
                        "e.g. services: {payments: 2.1.0}");
                return;
            }
            for (NodeTuple entry : services.getValue()) {
                Optional<String> service = scalar(entry.getKeyNode()).filter(s -> !s.isBlank());
                if (service.isEmpty()) {
                    error(entry.getKeyNode().getStartMark(), path, "expected a service name", null);
                    continue;
                }
                DocPath at = path.child(service.get());
                Optional<String> version = scalar(entry.getValueNode()).filter(s -> !s.isBlank());
                if (versions.containsKey(service.get())) {
                    error(entry.getKeyNode().getStartMark(), at, "\"" + service.get() + "\" is listed twice",
                            "give each service one version");
                } else if (version.isEmpty()) {
                    error(entry.getValueNode().getStartMark(), at, "expected a version", "e.g. 2.1.0");
                } else {
                    int sign = version.get().indexOf('@');
                    String digest = sign < 0 ? null : version.get().substring(sign + 1).trim();
                    if (digest != null && !ReleaseRequest.isDigest(digest)) {
                        error(entry.getValueNode().getStartMark(), at,
                                "\"" + digest + "\" is not an image digest", ReleaseRequest.DIGEST_HINT);
                        continue;
                    }
                    versions.put(service.get(), sign < 0 ? version.get() : version.get().substring(0, sign).trim());
                    if (digest != null) {
                        digests.put(service.get(), digest);
                    }
                }
            }
        }

        private static Optional<String> scalar(Node node) {
            return node instanceof ScalarNode scalar ? Optional.of(scalar.getValue()) : Optional.empty();
        }

        private void error(Optional<Mark> mark, DocPath path, String message, String hint) {
            file.error(mark, path, message, hint);
        }
    }
}
