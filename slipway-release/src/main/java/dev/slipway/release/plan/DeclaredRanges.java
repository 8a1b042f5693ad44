package dev.slipway.release.plan;

import dev.slipway.model.VersionRange;
import dev.slipway.model.Service;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dependency ranges a version of a service declares: the ones recorded with it (when it ran, or for a
 * rollback's target, when it ran before), else the spec's. The one rule every range check and every planned
 * service follows, and the contract gate's too.
 *
 * @param recorded whether they were recorded, not taken from the spec
 */
public record DeclaredRanges(Map<String, VersionRange> ranges, boolean recorded) {

    public DeclaredRanges {
        ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
    }

    public static DeclaredRanges of(Optional<Map<String, VersionRange>> recorded, Optional<Service> spec) {
        if (recorded.isPresent()) {
            return new DeclaredRanges(recorded.get(), true);
        }
        Map<String, VersionRange> ranges = new LinkedHashMap<>();
        spec.ifPresent(s -> s.dependsOn().forEach(d -> ranges.put(d.service(), d.range())));
        return new DeclaredRanges(ranges, false);
    }
}
