package dev.slipway.release.analysis;

/**
 * Looks at a canary's evidence and concludes. Called at every look of a step (every {@code analysis.interval})
 * and at its end, always with all the evidence since the canary took traffic: a judge must stay correct however
 * often it is asked, and must never pass on no data.
 */
public interface Judge {

    Verdict judge(Analysis analysis);

    /**
     * Whether this judge has anything to say about this canary: a guard of dependents needs dependents, custom
     * metrics need a source that answers queries. A panel leaves out the judges that do not apply.
     */
    default boolean appliesTo(Analysis analysis) {
        return true;
    }
}
