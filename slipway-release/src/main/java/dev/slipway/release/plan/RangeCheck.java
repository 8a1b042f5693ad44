package dev.slipway.release.plan;

import dev.slipway.model.VersionRange;

/**
 * One range the planner checked: {@code service} at {@code serviceVersion} needs {@code dependency} in
 * {@code range}, and will call it at {@code version} at the {@code moment} named. The range is text only where a
 * check is written out: the plan's report and JSON ({@link PlanJson}) and the saved plan ({@link SavedPlan.Check}).
 */
public record RangeCheck(String service, String serviceVersion, String dependency, VersionRange range, String version,
                         boolean ok, Moment moment) {

    /** When during the release the two versions meet. */
    public enum Moment {
        /** The service's new version calls the dependency's version once both are released. */
        RELEASED("once released"),
        /** The service's running version calls the dependency's new version while that one rolls out. */
        RUNNING_DURING_DEPENDENCY_ROLLOUT("running version, while the dependency rolls out"),
        /** The service's new version rolls out first and calls the dependency's running version. */
        NEW_BEFORE_DEPENDENCY("new version, before the dependency rolls out"),
        /** A service outside the release calls the dependency's new version. */
        UNCHANGED("unchanged service, during and after the dependency's rollout");

        private final String description;

        Moment(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }
}
