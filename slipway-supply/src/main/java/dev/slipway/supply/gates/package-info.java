/**
 * The gates a release into an environment passes: pure checks over values the caller gathers (the source
 * environment's deployment history, a build's scan report, the manifests the release applies, what runs in the
 * target and the recorded verifications), each answering with a {@link dev.slipway.supply.gates.GateResult} that
 * says why. Nothing here reads a store, a clock or a file: the caller passes {@code now} and the texts.
 */
package dev.slipway.supply.gates;
