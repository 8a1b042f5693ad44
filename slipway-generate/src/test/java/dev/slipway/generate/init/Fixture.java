package dev.slipway.generate.init;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A repository written into a temporary directory, file by file. */
final class Fixture {

    private final Path root;
    private final Map<String, String> files = new LinkedHashMap<>();

    Fixture(Path root) {
        this.root = root;
    }

    Fixture file(String path, String content) {
        files.put(path, content);
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The same files written in reverse order into {@code other}: the walk must not depend on creation order. */
    Fixture copyReversed(Path other) {
        Fixture copy = new Fixture(other);
        var entries = new java.util.ArrayList<>(files.entrySet());
        java.util.Collections.reverse(entries);
        entries.forEach(e -> copy.file(e.getKey(), e.getValue()));
        return copy;
    }

    /** The warnings other than the one every checkout without an origin remote gets (fixtures have no .git). */
    static java.util.List<String> besidesTheRemote(ImportResult result) {
        return result.warnings().stream().filter(w -> !w.contains("has no origin remote")).toList();
    }

    Path root() {
        return root;
    }

    ImportResult scan() {
        try {
            return RepositoryImport.scan(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Deployment with one container, its env and optionally a Service of the same name. */
    static String deployment(String name, String image, int port, String... env) {
        StringBuilder text = new StringBuilder("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app: %s
                  template:
                    metadata:
                      labels:
                        app: %s
                    spec:
                      containers:
                        - name: %s
                          image: %s
                          ports:
                            - containerPort: %d
                """.formatted(name, name, name, name, image, port));
        if (env.length > 0) {
            text.append("          env:\n");
            for (int i = 0; i + 1 < env.length; i += 2) {
                text.append("            - name: ").append(env[i]).append('\n')
                        .append("              value: \"").append(env[i + 1]).append("\"\n");
            }
        }
        return text.toString();
    }

    static String service(String name, String app, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                spec:
                  selector:
                    app: %s
                  ports:
                    - port: %d
                """.formatted(name, app, port);
    }
}
