package dev.slipway.supply.gates;

import java.util.Objects;

/**
 * One gate's answer for a release: its name ({@code promote-from}, {@code soak}, {@code approval},
 * {@code vulnerabilities}, {@code manifest-policy}, {@code contracts}), whether it lets the release through, what it
 * found, and, when it does not, what to do about it.
 *
 * @param hint null when the gate passed
 */
public record GateResult(String name, boolean ok, String detail, String hint) {

    public GateResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    public static GateResult passed(String name, String detail) {
        return new GateResult(name, true, detail, null);
    }

    public static GateResult failed(String name, String detail, String hint) {
        return new GateResult(name, false, detail, hint);
    }
}
