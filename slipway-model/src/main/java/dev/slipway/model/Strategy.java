package dev.slipway.model;

import java.time.Duration;
import java.util.List;

/** How a new version of a service replaces the running one. */
public sealed interface Strategy {

    String keyword();

    /** Replace pods a few at a time, as a Kubernetes Deployment does. */
    record Rolling(String maxSurge, String maxUnavailable) implements Strategy {
        public static Rolling builtIn() {
            return new Rolling("25%", "0");
        }

        @Override
        public String keyword() {
            return "rolling";
        }
    }

    /** Start green beside blue, smoke-test it, switch all traffic at once, keep blue for a while. */
    record BlueGreen(Duration scaleDownDelay) implements Strategy {
        @Override
        public String keyword() {
            return "blue-green";
        }
    }

    /** Shift traffic to the new version in weight steps (percent, increasing, ending at 100), judging each. */
    record Canary(List<Integer> steps, Duration stepInterval) implements Strategy {
        public Canary {
            steps = List.copyOf(steps);
        }

        @Override
        public String keyword() {
            return "canary";
        }
    }
}
