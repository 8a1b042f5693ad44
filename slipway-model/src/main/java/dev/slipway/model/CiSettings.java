package dev.slipway.model;

import java.util.List;

/** How CI runs: which providers get pipelines, which branch is main, and how images are scanned. */
public record CiSettings(List<CiProvider> providers, String mainBranch, ScanSettings scan) {

    public CiSettings {
        providers = List.copyOf(providers);
    }

    public static CiSettings defaults() {
        return new CiSettings(List.of(CiProvider.GITHUB), "main", ScanSettings.defaults());
    }
}
