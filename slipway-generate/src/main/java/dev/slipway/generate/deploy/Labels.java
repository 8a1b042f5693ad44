package dev.slipway.generate.deploy;

import dev.slipway.model.ClusterLabels;
import dev.slipway.generate.support.Yaml;
import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels every generated object carries, from the vocabulary the Kubernetes adapter reads
 * ({@link ClusterLabels}): Kubernetes' recommended labels and Slipway's own, which the release engine and the
 * routing objects select on.
 */
final class Labels {

    static final String NAME = ClusterLabels.NAME;
    static final String INSTANCE = ClusterLabels.INSTANCE;
    static final String VERSION = ClusterLabels.VERSION;
    static final String COMPONENT = ClusterLabels.COMPONENT;
    static final String PART_OF = ClusterLabels.PART_OF;
    static final String MANAGED_BY = ClusterLabels.MANAGED_BY;
    static final String TRACK = ClusterLabels.TRACK;
    static final String ENVIRONMENT = ClusterLabels.ENVIRONMENT;

    static final String MANAGER = ClusterLabels.MANAGER;

    private Labels() {
    }

    /** The labels a workload selects its pods by; never changes over a service's life (selectors are immutable). */
    static Map<String, Object> selector(SystemSpec spec, Service service) {
        return Yaml.map(NAME, service.name(), INSTANCE, spec.system().name() + "-" + service.name());
    }

    /**
     * Selector plus the descriptive labels. The version label is set only for external images, whose tag is
     * pinned in slipway.yaml; a built service's tag changes with every release through {@code kustomize edit
     * set image}, and a label that is not updated with it would lie.
     */
    static Map<String, Object> recommended(SystemSpec spec, Service service) {
        Map<String, Object> labels = new LinkedHashMap<>(selector(spec, service));
        if (!service.builtFromSource()) {
            labels.put(VERSION, versionLabel(dev.slipway.generate.Layout.externalImageTag(service)));
        }
        labels.put(COMPONENT, component(service));
        labels.put(PART_OF, spec.system().name());
        labels.put(MANAGED_BY, MANAGER);
        return labels;
    }

    /** Labels of the GitOps and routing objects of one environment. */
    static Map<String, Object> environment(SystemSpec spec, Environment environment) {
        return Yaml.map(PART_OF, spec.system().name(), MANAGED_BY, MANAGER, ENVIRONMENT, environment.name());
    }

    private static String component(Service service) {
        if (service.stateful()) {
            return "datastore";
        }
        return service.port().isPresent() ? "server" : "worker";
    }

    /** A label value is at most 63 characters of [A-Za-z0-9-_.]; a digest does not fit, so it is shortened. */
    private static String versionLabel(String tag) {
        String value = tag.replace("sha256:", "sha256-").replaceAll("[^A-Za-z0-9._-]", "-");
        return value.length() <= 63 ? value : value.substring(0, 63);
    }
}
