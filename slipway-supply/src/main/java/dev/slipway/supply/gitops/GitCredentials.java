package dev.slipway.supply.gitops;

import dev.slipway.model.GitOpsSettings;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The user name and token Slipway authenticates to the Git server with, read from the environment variables an
 * environment's {@code gitops} names. The token is never printed: {@link #toString()} hides it and
 * {@link #redact} takes it (and any credentials written into a URL) out of any text before it is shown.
 */
public final class GitCredentials {

    /** What GitHub and Gitea accept as the user name of a token; GitLab accepts any user name with a token. */
    static final String TOKEN_USER = "x-access-token";
    private static final Pattern URL_USERINFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private final Optional<String> username;
    private final Optional<String> token;
    private final String usernameEnv;
    private final String tokenEnv;

    private GitCredentials(Optional<String> username, Optional<String> token, String usernameEnv, String tokenEnv) {
        this.username = username;
        this.token = token;
        this.usernameEnv = usernameEnv;
        this.tokenEnv = tokenEnv;
    }

    /** @param env the process environment ({@code System::getenv}) */
    public static GitCredentials from(GitOpsSettings settings, Function<String, String> env) {
        return new GitCredentials(value(env.apply(settings.usernameEnv())), value(env.apply(settings.tokenEnv())),
                settings.usernameEnv(), settings.tokenEnv());
    }

    private static Optional<String> value(String text) {
        return Optional.ofNullable(text).filter(t -> !t.isBlank());
    }

    /** JGit's credentials, or none when no token is set (a server that needs none, e.g. a local mirror). */
    Optional<CredentialsProvider> provider() {
        return token.map(t -> new UsernamePasswordCredentialsProvider(username.orElse(TOKEN_USER), t));
    }

    boolean hasToken() {
        return token.isPresent();
    }

    /** The hint on a refused login: which variables to look at, never their values. */
    String hint() {
        return token.isEmpty()
                ? "set " + tokenEnv + " (and " + usernameEnv + " if the server needs a user name) to a token that may push"
                : "check " + tokenEnv + (username.isPresent() ? " and " + usernameEnv : "")
                        + ": the server refused them; the token needs write access to the repository";
    }

    /** {@code text} without the token, and without credentials written into a URL. */
    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String safe = URL_USERINFO.matcher(text).replaceAll("***@");
        return token.map(t -> safe.replace(t, "***")).orElse(safe);
    }

    @Override
    public String toString() {
        return "GitCredentials[" + usernameEnv + (username.isPresent() ? " set" : " unset") + ", " + tokenEnv
                + (token.isPresent() ? " set" : " unset") + "]";
    }
}
