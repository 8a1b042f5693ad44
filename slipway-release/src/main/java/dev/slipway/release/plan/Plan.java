package dev.slipway.release.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A release that keeps every version range met at every moment: its services in order of estimated start,
 * the checks that prove it, and the simulated schedule with its critical path.
 */
public record Plan(String environment, List<PlannedService> services, List<RangeCheck> checks, Schedule schedule,
                   List<String> notes) implements PlanResult {

    public Plan {
        services = List.copyOf(services);
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }

    public Optional<PlannedService> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<String> criticalPath() {
        return schedule.criticalPath();
    }

    public Duration makespan() {
        return schedule.makespan();
    }
}
