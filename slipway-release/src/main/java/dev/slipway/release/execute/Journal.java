package dev.slipway.release.execute;

import java.util.List;

/**
 * Where a release's transitions are kept, so that an engine that stopped (crash, restart, interrupted CLI) can be
 * rebuilt from them. The engine appends a transition <em>before</em> performing its actions.
 */
public interface Journal {

    /** Stores {@code transition} durably; its sequence number follows the release's last one. */
    void append(Transition transition);

    /** Every transition of the release, in sequence order; empty for an unknown release. */
    List<Transition> read(String release);
}
