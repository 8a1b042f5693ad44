package dev.slipway.supply.gitops;

import dev.slipway.model.GitOpsSettings;
import dev.slipway.model.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;

/**
 * Commits a release's images to the overlay a GitOps controller syncs, with JGit, over HTTP(S).
 * <p>
 * Each write fetches the branch, sets the images on its head, commits and pushes. Another commit may land
 * between the fetch and the push (a person, another pipeline): the push is then refused as not a fast-forward,
 * and the write starts again from the new head — the change is re-applied rather than the commit rebased, which
 * is the same thing for an edit that only sets values — up to {@link #ATTEMPTS} times. A write whose images are
 * already there commits nothing, so a release resumed after a crash writes again safely.
 * <p>
 * With {@code pullRequest: true} the commit goes to the branch {@code slipway/RELEASE} (based on the configured
 * branch, or on itself when an earlier write of the release made it); opening and merging the pull request is the
 * Git host's part.
 */
public final class GitOpsWriter {

    /** Pushes refused because the branch moved on, before the write gives up. */
    public static final int ATTEMPTS = 5;
    static final String REMOTE = "origin";
    static final String PULL_REQUEST_PREFIX = "slipway/";

    private final GitOpsSettings settings;
    private final GitCredentials credentials;
    private final Path checkout;
    private final Consumer<String> log;

    /**
     * @param checkout a directory this writer owns (kept between writes, so a write fetches only what is new)
     * @param log      takes progress lines; they never contain the credentials
     */
    public GitOpsWriter(GitOpsSettings settings, GitCredentials credentials, Path checkout, Consumer<String> log) {
        this.settings = settings;
        this.credentials = credentials;
        this.checkout = checkout;
        this.log = log;
    }

    /** What a write did: the commit it pushed to {@code branch} (empty when the images were there already). */
    public record Written(Optional<String> commit, String branch, int attempts) {
    }

    /** The branch a release's commits go to. */
    public String branchOf(String release) {
        return settings.pullRequest() ? PULL_REQUEST_PREFIX + release : settings.branch();
    }

    public Written write(GitOpsChange change) {
        String url = settings.repository().orElseThrow(() -> new IllegalStateException("no repository"));
        String target = branchOf(change.release());
        try (Git git = open(url)) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                ObjectId head = fetch(git, url, target);
                Optional<RevCommit> commit = commit(git, head, change);
                if (commit.isEmpty()) {
                    log.accept(change.environment() + ": " + target + " already pins these images; nothing to commit");
                    return new Written(Optional.empty(), target, attempt);
                }
                if (push(git, url, target)) {
                    String sha = commit.get().getName();
                    log.accept(change.environment() + ": pushed " + sha.substring(0, 12) + " to " + target + " of "
                            + credentials.redact(url) + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
                    return new Written(Optional.of(sha), target, attempt);
                }
                log.accept(change.environment() + ": " + target + " moved on while Slipway pushed; "
                        + "applying the change again on its new head");
            }
            throw new UserError("could not push to " + target + " of " + credentials.redact(url) + ": it moved on "
                    + ATTEMPTS + " times while Slipway pushed", "something commits to it continuously; try again, "
                    + "or give Slipway a branch of its own with gitops.pullRequest: true");
        } catch (GitAPIException e) {
            throw refused(url, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Git open(String url) throws GitAPIException, IOException {
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (java.net.URISyntaxException e) {
            throw new UserError("'" + credentials.redact(url) + "' is not a Git URL", "set gitops.repository to an https URL");
        }
        if (Files.isDirectory(checkout.resolve(".git"))) {
            Git git = Git.open(checkout.toFile());
            git.remoteSetUrl().setRemoteName(REMOTE).setRemoteUri(uri).call();
            return git;
        }
        Files.createDirectories(checkout);
        Git git = Git.init().setDirectory(checkout.toFile()).setInitialBranch("slipway-work").call();
        git.remoteAdd().setName(REMOTE).setUri(uri).call();
        return git;
    }

    /** Fetches the base branch (and the release's own branch, for a pull request) and returns where to build on. */
    private ObjectId fetch(Git git, String url, String target) throws GitAPIException, IOException {
        List<RefSpec> specs = new ArrayList<>(List.of(tracking(settings.branch())));
        if (settings.pullRequest()) {
            specs.add(new RefSpec("+refs/heads/" + PULL_REQUEST_PREFIX + "*:refs/remotes/" + REMOTE + "/"
                    + PULL_REQUEST_PREFIX + "*"));
        }
        try {
            authenticated(git.fetch().setRemote(REMOTE).setRefSpecs(specs).setRemoveDeletedRefs(true)).call();
        } catch (TransportException e) {
            if (String.valueOf(e.getMessage()).contains("Remote does not have refs/heads/" + settings.branch())) {
                throw new UserError("the branch " + settings.branch() + " does not exist in " + credentials.redact(url),
                        "create it (with the overlays `slipway generate --target kubernetes` writes), or set gitops.branch");
            }
            throw e;
        }
        ObjectId own = git.getRepository().resolve("refs/remotes/" + REMOTE + "/" + target);
        ObjectId base = own != null ? own : git.getRepository().resolve("refs/remotes/" + REMOTE + "/" + settings.branch());
        if (base == null) {
            throw new UserError("the branch " + settings.branch() + " does not exist in " + credentials.redact(url),
                    "create it, or set gitops.branch");
        }
        return base;
    }

    private static RefSpec tracking(String branch) {
        return new RefSpec("+refs/heads/" + branch + ":refs/remotes/" + REMOTE + "/" + branch);
    }

    /** The change as a commit on {@code head}; empty when every image is set already. */
    private Optional<RevCommit> commit(Git git, ObjectId head, GitOpsChange change) throws GitAPIException, IOException {
        git.checkout().setName(head.getName()).setForced(true).call(); // a detached head: the branch is the remote's
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(head.getName()).call();
        git.clean().setCleanDirectories(true).setForce(true).call();
        Map<String, List<ImagePin>> byOverlay = new LinkedHashMap<>();
        change.pins().forEach(pin -> byOverlay.computeIfAbsent(settings.overlay(pin.service()) + "/kustomization.yaml",
                f -> new ArrayList<>()).add(pin));
        boolean changed = false;
        for (Map.Entry<String, List<ImagePin>> overlay : byOverlay.entrySet()) {
            Path file = checkout.resolve(overlay.getKey());
            if (!Files.isRegularFile(file)) {
                throw new UserError(overlay.getKey() + " does not exist on " + settings.branch() + " of "
                        + credentials.redact(settings.repository().orElse("")), "commit the overlay (`slipway generate "
                        + "--target kubernetes` writes it), or point gitops.path at the environment's overlay");
            }
            String before = Files.readString(file, StandardCharsets.UTF_8);
            String after = OverlayImages.set(before, overlay.getValue(), overlay.getKey());
            if (!after.equals(before)) {
                Files.writeString(file, after, StandardCharsets.UTF_8);
                git.add().addFilepattern(overlay.getKey()).call();
                changed = true;
            }
        }
        if (!changed) {
            return Optional.empty();
        }
        PersonIdent author = author();
        return Optional.of(git.commit().setMessage(change.message()).setAuthor(author).setCommitter(author)
                .setSign(false).call());
    }

    private PersonIdent author() {
        String text = settings.author();
        int open = text.indexOf('<');
        return new PersonIdent(text.substring(0, open).strip(), text.substring(open + 1, text.indexOf('>', open)));
    }

    /** True when pushed; false when the branch moved on since the fetch (try again on its new head). */
    private boolean push(Git git, String url, String target) throws GitAPIException {
        Iterable<PushResult> results = authenticated(git.push().setRemote(REMOTE)
                .setRefSpecs(new RefSpec("HEAD:refs/heads/" + target))).call();
        for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                switch (update.getStatus()) {
                    case OK, UP_TO_DATE -> { }
                    case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
                        return false;
                    }
                    case REJECTED_OTHER_REASON -> {
                        String why = String.valueOf(update.getMessage());
                        if (why.contains("fetch first") || why.contains("non-fast-forward") || why.contains("lock")
                                || why.contains("failed to update ref")) {
                            return false;
                        }
                        throw new UserError("the Git server refused the push to " + target + " of "
                                + credentials.redact(url) + ": " + credentials.redact(why),
                                "a branch protection rule may forbid direct pushes: set gitops.pullRequest: true");
                    }
                    default -> throw new UserError("the push to " + target + " of " + credentials.redact(url)
                            + " did not go through (" + update.getStatus() + ")", "look at the Git server's log");
                }
            }
        }
        return true;
    }

    private <C extends TransportCommand<C, ?>> C authenticated(C command) {
        credentials.provider().ifPresent(command::setCredentialsProvider);
        return command.setTimeout(60);
    }

    /** A failure in the user's terms: a refused login names the variables to check, never their values. */
    private UserError refused(String url, GitAPIException e) {
        String message = String.valueOf(e.getMessage());
        String where = credentials.redact(url);
        // JGit's words for HTTP 401 and 403 (a bare "401" could be part of a URL's port)
        if (message.contains("not authorized") || message.contains("Authentication is required")
                || message.contains("401 Unauthorized")) {
            return new UserError("the Git server " + where + " refused Slipway's credentials", credentials.hint());
        }
        if (message.contains("403 Forbidden") || message.contains("not permitted")) {
            return new UserError("the Git server " + where + " does not let Slipway's credentials push",
                    credentials.hint());
        }
        return new UserError("Git failed on " + where + ": " + credentials.redact(message),
                "check that gitops.repository is reachable from Slipway");
    }
}
