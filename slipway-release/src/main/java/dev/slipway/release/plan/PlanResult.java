package dev.slipway.release.plan;

import java.util.List;

/** What the planner says about a release: a {@link Plan} to run, or the reasons it is {@link Rejected}. */
public sealed interface PlanResult permits Plan, Rejected {

    /** The range checks made, passed and failed, in the order they were made. */
    List<RangeCheck> checks();

    /** Things the user should know that do not stop the release (dropped services, skipped checks, order). */
    List<String> notes();

    default boolean ok() {
        return this instanceof Plan;
    }
}
