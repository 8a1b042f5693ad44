package dev.slipway.sandbox;

import dev.slipway.release.Track;
import dev.slipway.release.cluster.TrackSpec;
import dev.slipway.release.cluster.TrackStatus;
import dev.slipway.release.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One track's workload, played like a Deployment and its controller: a spec change bumps the generation, the
 * controller observes it after a short delay and replaces pods batch by batch within maxSurge / maxUnavailable,
 * pods become ready after a drawn start-up time (or crash-loop, or stay pending), and a rollout that makes no
 * progress for the progress deadline is marked ProgressDeadlineExceeded.
 */
final class Workload {

    /** One pod: which template it runs, whether it is ready, how often it restarted. */
    static final class Pod {
        final String template;
        final String version;
        boolean ready;
        int restarts;
        Clock.Timer timer;

        Pod(String template, String version) {
            this.template = template;
            this.version = version;
        }
    }

    private final SandboxCluster cluster;
    final String environment;
    final String service;
    final Track track;
    private TrackSpec spec;
    private long generation;
    private long observedGeneration;
    private final List<Pod> pods = new ArrayList<>();
    private long podSerial;
    private boolean deadlineExceeded;
    private Clock.Timer deadlineTimer;
    private Clock.Timer reconcileTimer;
    private TrackStatus published;

    Workload(SandboxCluster cluster, TrackSpec spec) {
        this.cluster = cluster;
        this.environment = spec.environment();
        this.service = spec.service();
        this.track = spec.track();
        this.spec = spec;
    }

    /** A workload as saved: settled at its spec, healthy pods ready at once, faulty ones starting over. */
    static Workload restored(SandboxCluster cluster, TrackSpec spec, long generation, long podSerial) {
        Workload workload = new Workload(cluster, spec);
        workload.generation = generation;
        workload.observedGeneration = generation;
        workload.podSerial = podSerial;
        boolean faulty = cluster.fault(spec.service(), spec.version())
                .map(f -> f.crashLoop() || f.imagePull()).orElse(false);
        for (int i = 0; i < spec.replicas(); i++) {
            if (faulty) {
                workload.startPod();
            } else {
                Pod pod = new Pod(template(spec), spec.version());
                pod.ready = true;
                workload.pods.add(pod);
            }
        }
        workload.afterChange();
        return workload;
    }

    TrackSpec spec() {
        return spec;
    }

    long generation() {
        return generation;
    }

    long podSerial() {
        return podSerial;
    }

    List<Pod> pods() {
        return pods;
    }

    void apply(TrackSpec desired) {
        boolean sameSpec = template(desired).equals(template(spec)) && desired.replicas() == spec.replicas()
                && Objects.equals(desired.maxSurge(), spec.maxSurge())
                && Objects.equals(desired.maxUnavailable(), spec.maxUnavailable());
        boolean created = generation == 0;
        boolean newTemplate = !template(desired).equals(template(spec));
        spec = desired; // ranges are recorded even when nothing else changed
        if (sameSpec && !created) {
            // idempotent: nothing to do, but say where it stands so a resumed engine hears about it
            cluster.deliver(environment, status());
            return;
        }
        generation++;
        if (newTemplate || created) {
            deadlineExceeded = false;
            armDeadline();
        }
        publish();
        if (reconcileTimer != null) {
            reconcileTimer.cancel();
        }
        reconcileTimer = cluster.clock().after(cluster.options().controllerDelay(), () -> {
            reconcileTimer = null;
            observedGeneration = generation;
            reconcile();
        });
    }

    /** Stops every pending happening of this workload: it is being removed. */
    void stop() {
        pods.forEach(p -> cancel(p.timer));
        pods.clear();
        cancel(deadlineTimer);
        cancel(reconcileTimer);
    }

    TrackStatus status() {
        String current = template(spec);
        int updated = 0;
        int ready = 0;
        int restarts = 0;
        for (Pod pod : pods) {
            boolean isCurrent = pod.template.equals(current);
            if (isCurrent) {
                updated++;
                restarts += pod.restarts;
            }
            if (pod.ready) {
                ready++;
            }
        }
        return new TrackStatus(environment, service, track, spec.version(), generation, observedGeneration,
                pods.size(), updated, ready, ready, restarts, deadlineExceeded);
    }

    boolean complete() {
        TrackStatus s = status();
        return s.observedGeneration() >= s.generation() && s.updatedReplicas() >= spec.replicas()
                && s.replicas() <= s.updatedReplicas() && s.availableReplicas() >= s.updatedReplicas();
    }

    /** The Deployment controller's rolling update, run to a fixed point as its requeues would. */
    private void reconcile() {
        if (observedGeneration < generation) {
            return; // the controller has not seen the spec yet
        }
        boolean changed;
        do {
            changed = scaleNewDown() | scaleUp() | scaleOldDown();
        } while (changed);
        afterChange();
    }

    private boolean scaleNewDown() {
        List<Pod> current = byTemplate(true);
        int excess = current.size() - spec.replicas();
        if (excess <= 0) {
            return false;
        }
        // not-ready pods go first, then the youngest
        current.sort(Comparator.comparing((Pod p) -> p.ready).thenComparing(p -> -pods.indexOf(p)));
        current.subList(0, excess).forEach(this::delete);
        return true;
    }

    private boolean scaleUp() {
        int replicas = spec.replicas();
        int current = byTemplate(true).size();
        int old = pods.size() - current;
        int add = old == 0 ? replicas - current
                : Math.min(replicas + surge() - pods.size(), replicas - current);
        for (int i = 0; i < add; i++) {
            startPod();
        }
        if (add > 0) {
            armDeadline(); // creating new pods is progress
        }
        return add > 0;
    }

    private boolean scaleOldDown() {
        List<Pod> old = byTemplate(false);
        if (old.isEmpty()) {
            return false;
        }
        int newUnavailable = (int) byTemplate(true).stream().filter(p -> !p.ready).count();
        int minAvailable = spec.replicas() - unavailable();
        int removable = pods.size() - minAvailable - newUnavailable;
        if (removable <= 0) {
            return false;
        }
        // unhealthy old pods first: removing them costs no availability
        old.sort(Comparator.comparing((Pod p) -> p.ready));
        old.subList(0, Math.min(removable, old.size())).forEach(this::delete);
        return true;
    }

    private void startPod() {
        Pod pod = new Pod(template(spec), spec.version());
        pods.add(pod);
        SplittableRandom random = Draws.stream(cluster.options().seed(), environment, service, track.keyword(),
                podSerial++);
        Optional<Fault> fault = cluster.fault(service, spec.version());
        if (fault.map(Fault::imagePull).orElse(false)) {
            return; // pending forever: the image cannot be pulled
        }
        boolean crashLoop = fault.map(Fault::crashLoop).orElse(false);
        scheduleStart(pod, random, crashLoop, Duration.ZERO);
    }

    private void scheduleStart(Pod pod, SplittableRandom random, boolean crashLoop, Duration backoff) {
        double mean = cluster.options().startupMean(service).toNanos();
        long startup = Math.round(Draws.lognormalWithMean(random, mean, cluster.options().startupSigma()));
        pod.timer = cluster.clock().after(backoff.plusNanos(startup), () -> {
            pod.timer = null;
            if (crashLoop) {
                crashed(pod, random);
            } else {
                pod.ready = true;
                if (pod.template.equals(template(spec))) {
                    armDeadline(); // a new pod became available: progress
                }
                cluster.trafficChanged(environment, service);
                reconcile();
            }
        });
    }

    private void crashed(Pod pod, SplittableRandom random) {
        pod.restarts++;
        if (pod.restarts < cluster.options().maxRestarts()) {
            long factor = 1L << Math.min(pod.restarts - 1, 20);
            Duration backoff = cluster.options().crashBackoff().multipliedBy(factor);
            if (backoff.compareTo(Duration.ofMinutes(5)) > 0) {
                backoff = Duration.ofMinutes(5); // the kubelet's cap
            }
            scheduleStart(pod, random, true, backoff);
        }
        publish();
    }

    private void delete(Pod pod) {
        cancel(pod.timer);
        pods.remove(pod);
        if (pod.ready) {
            cluster.trafficChanged(environment, service);
        }
    }

    private void afterChange() {
        if (complete()) {
            cancel(deadlineTimer);
            deadlineTimer = null;
        }
        cluster.trafficChanged(environment, service);
        publish();
    }

    /** (Re)starts the progress deadline from now, unless the rollout is already done. */
    private void armDeadline() {
        cancel(deadlineTimer);
        deadlineTimer = cluster.clock().after(cluster.options().progressDeadline(), () -> {
            deadlineTimer = null;
            if (!complete()) {
                deadlineExceeded = true;
                publish();
            }
        });
    }

    private void publish() {
        TrackStatus now = status();
        if (!now.equals(published)) {
            published = now;
            cluster.deliver(environment, now);
        }
    }

    private List<Pod> byTemplate(boolean current) {
        String template = template(spec);
        List<Pod> matching = new ArrayList<>();
        for (Pod pod : pods) {
            if (pod.template.equals(template) == current) {
                matching.add(pod);
            }
        }
        return matching;
    }

    private int surge() {
        int surge = Quantity.resolve(spec.maxSurge(), spec.replicas(), true);
        return surge == 0 && unavailableRaw() == 0 ? 0 : surge;
    }

    private int unavailable() {
        int unavailable = unavailableRaw();
        // Kubernetes refuses maxSurge = maxUnavailable = 0; the sandbox lets one pod go instead of stalling
        return unavailable == 0 && Quantity.resolve(spec.maxSurge(), spec.replicas(), true) == 0 ? 1 : unavailable;
    }

    private int unavailableRaw() {
        return Quantity.resolve(spec.maxUnavailable(), spec.replicas(), false);
    }

    /**
     * What a pod runs: the version and the image content. A tag resolves to the sandbox's digest of that version,
     * as a registry would answer, so re-applying a running version pinned to its own digest changes no pod.
     */
    static String template(TrackSpec spec) {
        return spec.version() + "|" + spec.digest().orElse(SandboxCluster.digest(spec.service(), spec.version()));
    }

    private static void cancel(Clock.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
