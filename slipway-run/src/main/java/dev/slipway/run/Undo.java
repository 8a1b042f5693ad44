package dev.slipway.run;

import dev.slipway.model.VersionRange;
import dev.slipway.model.UserError;
import dev.slipway.release.Deployed;
import dev.slipway.release.Inventory;
import dev.slipway.release.plan.ReleaseRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Undoing a finished release: every service it promoted goes back to the version (and the image digest, and the
 * dependency ranges) that ran before it. Services it installed for the first time stay: Slipway does not uninstall.
 *
 * @param request   the rollback release's request
 * @param installed the services the release installed, which stay
 */
public record Undo(ReleaseRequest request, List<String> installed) {

    /** @throws UserError when the release changed nothing that can go back */
    public static Undo of(ReleaseRecord target) {
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, Map<String, VersionRange>> ranges = new LinkedHashMap<>();
        List<String> installed = new ArrayList<>();
        for (ReleaseRecord.ServiceResult s : target.result().services()) {
            if (!s.outcome().equals("promoted")) {
                continue;
            }
            if (s.from() == null) {
                installed.add(s.name());
                continue;
            }
            versions.put(s.name(), s.from());
            ReleaseRecord.Before before = target.before().get(s.name());
            if (before != null && s.from().equals(before.version())) {
                // the exact image that ran before, as the inventory recorded it when the release started
                if (before.digest() != null) {
                    digests.put(s.name(), before.digest());
                }
                // and the ranges that version declared, which the spec may no longer hold
                if (before.ranges() != null) {
                    ranges.put(s.name(), before.ranges());
                }
            }
        }
        if (versions.isEmpty()) {
            throw new UserError("release " + target.id() + " has nothing to roll back: "
                    + (installed.isEmpty() ? "it changed no service (outcome " + target.state() + ")"
                    : "it only installed " + String.join(", ", installed) + ", and Slipway does not uninstall"),
                    "`slipway status --env " + target.environment() + "` shows what runs");
        }
        return new Undo(new ReleaseRequest(target.environment(), versions, digests, ranges), installed);
    }

    /** @throws UserError when a later release changed a service this one left behind */
    public void checkStillRunning(ReleaseRecord target, Inventory now) {
        for (ReleaseRecord.ServiceResult s : target.result().services()) {
            String running = now.deployed(s.name()).map(Deployed::version).orElse(null);
            if (request.versions().containsKey(s.name()) && !s.to().equals(running)) {
                throw new UserError(s.name() + " runs " + (running == null ? "nothing" : running) + ", not " + s.to()
                        + " as " + target.id() + " left it: a later release changed it",
                        "roll back the later release first, or deploy the versions you want");
            }
        }
    }
}
