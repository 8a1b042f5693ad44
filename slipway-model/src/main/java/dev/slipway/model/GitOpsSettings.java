package dev.slipway.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@code delivery: gitops} environment's releases are written: the repository and branch a GitOps
 * controller syncs from, the overlay directory whose {@code kustomization.yaml} holds the images ({@code {service}}
 * in it stands for each released service's name), whether a release goes through a pull request, the commit's
 * author, and the environment variables holding the credentials (never the credentials themselves).
 *
 * @param repository empty when neither the environment nor {@code system.repository} names one (an error)
 */
public record GitOpsSettings(Optional<String> repository, String branch, String path, boolean pullRequest,
                             String author, String usernameEnv, String tokenEnv) {

    public static final String SERVICE_PLACEHOLDER = "{service}";
    public static final String DEFAULT_AUTHOR = "Slipway <slipway@localhost>";
    public static final String DEFAULT_USERNAME_ENV = "SLIPWAY_GIT_USERNAME";
    public static final String DEFAULT_TOKEN_ENV = "SLIPWAY_GIT_TOKEN";

    public GitOpsSettings {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(usernameEnv, "usernameEnv");
        Objects.requireNonNull(tokenEnv, "tokenEnv");
    }

    /**
     * The overlay {@code slipway generate --target kubernetes} writes for each service in the environment: the one
     * its Argo CD Application and Flux Kustomization sync.
     */
    public static String defaultPath(String environment) {
        return "deploy/kubernetes/" + SERVICE_PLACEHOLDER + "/overlays/" + environment;
    }

    /** The overlay directory that holds {@code service}'s image. */
    public String overlay(String service) {
        return path.replace(SERVICE_PLACEHOLDER, service);
    }
}
