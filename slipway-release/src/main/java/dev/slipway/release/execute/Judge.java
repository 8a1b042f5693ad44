package dev.slipway.release.execute;

/** Decides a canary step from what the canary and the baseline did during the step. */
public interface Judge {

    Verdict judge(Analysis analysis);
}
