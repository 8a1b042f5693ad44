package dev.slipway.store.auth;

import java.util.Set;

/**
 * Who may do what, in one place:
 * <ul>
 *   <li>every role reads;</li>
 *   <li>a release action (create, cancel, resume a gate, roll back) needs a deployer or an admin, and a grant of the
 *       environment — except that an admin needs no grant outside production;</li>
 *   <li>in a production environment every role needs an explicit grant, admin included: managing tokens must not
 *       silently mean changing production, and an admin who needs to can grant a token production openly (audited);
 *   </li>
 *   <li>approving a release needs a deployer or an admin with the grant {@code approve:ENV};</li>
 *   <li>recording builds and contract verifications needs a deployer or an admin;</li>
 *   <li>only an admin manages tokens.</li>
 * </ul>
 * A viewer never changes anything, whatever it is granted.
 */
public final class Authorizer {

    private final Set<String> productionEnvironments;

    public Authorizer(Set<String> productionEnvironments) {
        this.productionEnvironments = Set.copyOf(productionEnvironments);
    }

    /** Production is the environment named {@code production}, the name slipway.yaml gives it by default. */
    public static Authorizer standard() {
        return new Authorizer(Set.of("production"));
    }

    /**
     * May {@code principal} do {@code action} in {@code environment}? The environment only matters for release
     * actions; pass null for the others.
     */
    public boolean may(Principal principal, Action action, String environment) {
        return switch (action) {
            case READ -> true;
            case MANAGE_TOKENS -> principal.role() == Role.ADMIN;
            case CREATE_RELEASE, CANCEL_RELEASE, RESUME_GATE, ROLL_BACK -> mayRelease(principal, environment);
            case APPROVE_RELEASE -> principal.role() != Role.VIEWER && principal.granted(approverGrant(environment));
            case RECORD_BUILD -> principal.role() != Role.VIEWER;
        };
    }

    /**
     * The grant that lets a token approve releases to {@code environment}: {@code approve:ENV}, for admins too.
     * Releasing there is another grant: who ships and who approves are kept apart on purpose.
     */
    public static String approverGrant(String environment) {
        if (environment == null) {
            throw new IllegalArgumentException("an approval needs the environment of its release");
        }
        return APPROVER_PREFIX + environment;
    }

    /** The prefix of an approver grant. */
    public static final String APPROVER_PREFIX = "approve:";

    private boolean mayRelease(Principal principal, String environment) {
        if (environment == null) {
            throw new IllegalArgumentException("a release action needs the environment it changes");
        }
        return switch (principal.role()) {
            case VIEWER -> false;
            case DEPLOYER -> principal.granted(environment);
            case ADMIN -> productionEnvironments.contains(environment) ? principal.granted(environment) : true;
        };
    }
}
