package dev.slipway.generate.ci;

import static dev.slipway.generate.support.Yaml.map;

import java.util.Map;

/**
 * Logging in to the system's registry: GitHub's and GitLab's own registries take the job's token, any other
 * registry takes credentials the team stores as secrets, referenced by name only.
 */
final class RegistryLogin {

    private RegistryLogin() {
    }

    static boolean isGithubRegistry(String host) {
        return host.equals("ghcr.io");
    }

    static boolean isGitlabRegistry(String host) {
        return host.equals("registry.gitlab.com");
    }

    static Map<String, Object> githubStep(String host) {
        boolean github = isGithubRegistry(host);
        return map("name", "Log in to " + host,
                // pull requests from forks get no secrets (and a read-only token): they build and scan, never push
                "if", "${{ github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository }}",
                "uses", ActionPins.LOGIN.ref(),
                "with", map(
                        "registry", host,
                        "username", github ? "${{ github.actor }}" : "${{ secrets.REGISTRY_USERNAME }}",
                        "password", github ? "${{ secrets.GITHUB_TOKEN }}" : "${{ secrets.REGISTRY_PASSWORD }}"));
    }
}
