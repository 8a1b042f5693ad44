package dev.slipway.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * When a commit was made, read with JGit from the Git repository that holds slipway.yaml: a CI pipeline that passes
 * only the SHA it releases still gets the DORA lead time, which starts at the commit time.
 */
public final class CommitTimes {

    private CommitTimes() {
    }

    /**
     * The committer time of {@code sha} in the repository around {@code specFile}; empty when the file is in no
     * repository, or the repository does not have that commit (a shallow clone, another repository).
     */
    public static Optional<Instant> of(Path specFile, String sha) {
        Path dir = specFile.toAbsolutePath().getParent();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repository = builder.build(); RevWalk walk = new RevWalk(repository)) {
            ObjectId id = repository.resolve(sha + "^{commit}");
            if (id == null) {
                return Optional.empty();
            }
            RevCommit commit = walk.parseCommit(id);
            return Optional.of(commit.getCommitterIdent().getWhenAsInstant());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable repository costs the lead time, never the release
        }
    }

    /** {@code commit} with its time from the repository when it has a SHA and no time; otherwise as it is. */
    public static Commit complete(Commit commit, Path specFile) {
        if (commit.sha().isEmpty() || commit.time().isPresent()) {
            return commit;
        }
        return new Commit(commit.sha(), of(specFile, commit.sha().get()));
    }
}
