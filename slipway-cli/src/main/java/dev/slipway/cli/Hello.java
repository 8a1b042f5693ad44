package dev.slipway.cli;

/**
 * Prints hello world. The startup baseline of bench/generate-speed.sh: run through the same launcher, JVM and
 * flags as the CLI ({@code SLIPWAY_MAIN=dev.slipway.cli.Hello ./slipway}), it measures what a JVM start costs,
 * so the benchmark can report Slipway's own cost as a ratio.
 */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello world");
    }
}
