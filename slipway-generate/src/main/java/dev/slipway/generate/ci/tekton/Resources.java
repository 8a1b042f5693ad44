package dev.slipway.generate.ci.tekton;

import static dev.slipway.generate.support.Yaml.map;

import java.util.List;
import java.util.Map;

/** Small builders for the parts Tekton {@code v1} Tasks and Pipelines are made of. */
final class Resources {

    static final String API_VERSION = "tekton.dev/v1";

    private Resources() {
    }

    static Map<String, Object> resource(String kind, String name, Map<String, Object> spec) {
        return map("apiVersion", API_VERSION, "kind", kind,
                "metadata", map("name", name, "labels", map("app.kubernetes.io/managed-by", "slipway")),
                "spec", spec);
    }

    /** A string parameter; {@code defaultValue} null makes it required. */
    static Map<String, Object> param(String name, String description, String defaultValue) {
        return map("name", name, "type", "string", "description", description, "default", defaultValue);
    }

    static Map<String, Object> workspace(String name, String description) {
        return map("name", name, "description", description);
    }

    static Map<String, Object> result(String name, String description) {
        return map("name", name, "type", "string", "description", description);
    }

    /**
     * Parameters reach scripts as environment variables, never spliced into the script text: a value
     * cannot inject shell commands (Tekton's own advice for {@code script}).
     */
    static Map<String, Object> env(String name, String value) {
        return map("name", name, "value", value);
    }

    /** An environment variable from a key of a Secret: how the steps get Slipway's URL and token. */
    static Map<String, Object> secretEnv(String name, String secret, String key) {
        return map("name", name, "valueFrom", map("secretKeyRef", map("name", secret, "key", key)));
    }

    static Map<String, Object> step(String name, String image, String workingDir, List<Map<String, Object>> env,
                                    String script) {
        return map("name", name, "image", image, "workingDir", workingDir, "env", env.isEmpty() ? null : env,
                "script", script);
    }

    /** A parameter passed to a Pipeline task. */
    static Map<String, Object> value(String name, String value) {
        return map("name", name, "value", value);
    }

    /** A Pipeline workspace bound to a Task workspace. */
    static Map<String, Object> binding(String taskWorkspace, String pipelineWorkspace) {
        return map("name", taskWorkspace, "workspace", pipelineWorkspace);
    }
}
