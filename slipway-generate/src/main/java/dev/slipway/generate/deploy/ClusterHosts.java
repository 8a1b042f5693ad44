package dev.slipway.generate.deploy;

import dev.slipway.model.Environment;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In-cluster host names in env values, written as short names: {@code catalog.shop.svc.cluster.local:8080}
 * and {@code rabbitmq.shop:5672} become {@code catalog:8080} and {@code rabbitmq:5672}. A short name resolves in
 * the namespace the workload runs in, which differs per environment ({@code shop-dev}, {@code shop-production}),
 * so the same base works in every overlay; a namespace-qualified name would reach another environment's
 * Service, or none.
 */
final class ClusterHosts {

    private ClusterHosts() {
    }

    static String shortNames(SystemSpec spec, String value) {
        Set<String> namespaces = new LinkedHashSet<>();
        namespaces.add(spec.system().name());
        spec.environments().stream().map(Environment::namespace).forEach(namespaces::add);
        String result = value;
        for (Service service : spec.services()) {
            // SERVICE.NAMESPACE.svc[.cluster.local], or SERVICE.NAMESPACE for a namespace of this system,
            // followed by a port, a path or the end: never a public name like api.stripe.com
            Pattern host = Pattern.compile("(?<![\\w.-])" + Pattern.quote(service.name())
                    + "\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.svc(\\.cluster\\.local)?)?(?=[:/?]|$)");
            Matcher m = host.matcher(result);
            StringBuilder rewritten = new StringBuilder();
            while (m.find()) {
                boolean qualified = m.group(3) != null || namespaces.contains(m.group(1));
                m.appendReplacement(rewritten, Matcher.quoteReplacement(qualified ? service.name() : m.group()));
            }
            m.appendTail(rewritten);
            result = rewritten.toString();
        }
        return result;
    }
}
