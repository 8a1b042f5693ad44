package dev.slipway.run;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrackSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Plays Argo CD for the tests, at the boundary Argo CD owns: it polls the branch, reads each service's committed
 * overlay ({@code images:} name, newTag, digest) and applies that image to the sandbox's stable track. It is the
 * only thing in these tests that changes the sandbox of a Git-delivered environment.
 */
final class ArgoCdStandIn implements AutoCloseable {

    private final Path bare;
    private final String branch;
    private final String environment;
    private final List<String> services;
    private final World world;
    private final Map<String, String> applied = new HashMap<>();
    /** What it applied, in order: {@code SERVICE VERSION DIGEST}. */
    final List<String> log = new CopyOnWriteArrayList<>();
    private volatile boolean syncing;
    private volatile boolean closed;
    private final Thread thread;

    ArgoCdStandIn(Path bare, String branch, String environment, List<String> services, World world) {
        this.bare = bare;
        this.branch = branch;
        this.environment = environment;
        this.services = services;
        this.world = world;
        this.thread = Thread.ofPlatform().daemon().name("argocd-stand-in").start(this::poll);
    }

    /** Starts (or stops) syncing, like switching an Application's automated sync on and off. */
    void syncing(boolean on) {
        syncing = on;
    }

    private void poll() {
        while (!closed) {
            if (syncing) {
                try {
                    reconcile();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void reconcile() throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            ObjectId head = repository.resolve("refs/heads/" + branch);
            var tree = walk.parseCommit(head).getTree();
            for (String service : services) {
                String path = "deploy/kubernetes/" + service + "/overlays/" + environment + "/kustomization.yaml";
                String text;
                try (TreeWalk file = TreeWalk.forPath(repository, path, tree)) {
                    text = new String(repository.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                }
                Map<String, Object> kustomization = (Map<String, Object>) new Load(LoadSettings.builder().build())
                        .loadFromString(text);
                Map<String, Object> image = ((List<Map<String, Object>>) kustomization.get("images")).getFirst();
                if (!(image.get("digest") instanceof String digest)) {
                    continue; // not released yet: the placeholder tag does not exist
                }
                String version = String.valueOf(image.get("newTag"));
                String repositoryName = (String) image.getOrDefault("newName", image.get("name"));
                if ((version + "@" + digest).equals(applied.get(service))) {
                    continue;
                }
                world.onClock(() -> {
                    world.cluster.apply(new TrackSpec(environment, service, Track.STABLE, version,
                            repositoryName + ":" + version + "@" + digest, Optional.of(digest), 2, "25%", "0",
                            Map.of()));
                    return null;
                });
                applied.put(service, version + "@" + digest);
                log.add(service + " " + version + " " + digest);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(5_000);
    }
}
