package dev.slipway.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

/**
 * A fabric8 election lock that can be cut off from the API server, so a test can play a replica that died while
 * leading: after {@link #sever()} every call fails as an unreachable server would, so fabric8 neither renews nor
 * releases the Lease.
 */
final class SeverableLock implements Lock {

    private final Lock lock;
    private volatile boolean severed;

    SeverableLock(Lock lock) {
        this.lock = lock;
    }

    void sever() {
        severed = true;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        reachable();
        return lock.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        reachable();
        lock.create(client, record);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        reachable();
        lock.update(client, record);
    }

    @Override
    public String identity() {
        return lock.identity();
    }

    @Override
    public String describe() {
        return lock.describe();
    }

    // fabric8 catches KubernetesClientException around every lock call; any other exception would escape its loops.
    private void reachable() {
        if (severed) {
            throw new KubernetesClientException(lock.describe() + ": cut off from the API server");
        }
    }
}
