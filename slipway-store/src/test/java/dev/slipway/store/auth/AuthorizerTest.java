package dev.slipway.store.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

    /**
     * The whole policy. Columns: staging granted, staging not granted, production granted, production not granted.
     * A viewer's grants are hand-made here (Tokens refuses them) to show they would change nothing. A grant to release
     * to an environment does not let a token approve releases there: that takes {@code approve:ENV} (below).
     */
    private static final String MATRIX = """
            read            viewer    yes yes yes yes
            read            deployer  yes yes yes yes
            read            admin     yes yes yes yes
            create-release  viewer    no  no  no  no
            create-release  deployer  yes no  yes no
            create-release  admin     yes yes yes no
            cancel-release  viewer    no  no  no  no
            cancel-release  deployer  yes no  yes no
            cancel-release  admin     yes yes yes no
            resume-gate     viewer    no  no  no  no
            resume-gate     deployer  yes no  yes no
            resume-gate     admin     yes yes yes no
            roll-back       viewer    no  no  no  no
            roll-back       deployer  yes no  yes no
            roll-back       admin     yes yes yes no
            approve-release viewer    no  no  no  no
            approve-release deployer  no  no  no  no
            approve-release admin     no  no  no  no
            record-build    viewer    no  no  no  no
            record-build    deployer  yes yes yes yes
            record-build    admin     yes yes yes yes
            manage-tokens   viewer    no  no  no  no
            manage-tokens   deployer  no  no  no  no
            manage-tokens   admin     yes yes yes yes
            """;

    private record Case(String environment, boolean granted) {
    }

    private static final List<Case> CASES = List.of(new Case("staging", true), new Case("staging", false),
            new Case("production", true), new Case("production", false));

    @Test
    void approvingTakesTheApproverGrantOfThatEnvironmentAndNeverAViewer() {
        Authorizer authorizer = Authorizer.standard();
        Set<String> approver = Set.of("approve:production");
        assertThat(authorizer.may(new Principal("t1", "bob", Role.DEPLOYER, approver), Action.APPROVE_RELEASE,
                "production")).isTrue();
        assertThat(authorizer.may(new Principal("t2", "root", Role.ADMIN, approver), Action.APPROVE_RELEASE,
                "production")).isTrue();
        assertThat(authorizer.may(new Principal("t3", "eve", Role.VIEWER, approver), Action.APPROVE_RELEASE,
                "production")).isFalse();
        assertThat(authorizer.may(new Principal("t1", "bob", Role.DEPLOYER, approver), Action.APPROVE_RELEASE,
                "staging")).isFalse();
        assertThat(authorizer.may(new Principal("t1", "bob", Role.DEPLOYER, approver), Action.CREATE_RELEASE,
                "production")).as("approving is not releasing").isFalse();
    }

    @Test
    void everyActionOfEveryRoleInEveryKindOfEnvironmentIsAsTheMatrixSays() {
        Map<String, List<Boolean>> expected = new HashMap<>();
        for (String line : MATRIX.strip().split("\n")) {
            String[] cells = line.trim().split("\\s+");
            List<Boolean> allowed = Arrays.stream(cells, 2, cells.length).map("yes"::equals).toList();
            assertThat(allowed).as(line).hasSize(CASES.size());
            assertThat(expected.put(cells[0] + " " + cells[1], allowed)).as("duplicate row " + line).isNull();
        }
        assertThat(expected).as("one row per action and role")
                .hasSize(Action.values().length * Role.values().length);

        Authorizer authorizer = Authorizer.standard();
        int checked = 0;
        for (Action action : Action.values()) {
            for (Role role : Role.values()) {
                List<Boolean> row = expected.get(action.keyword() + " " + role.keyword());
                assertThat(row).as("%s %s is in the matrix", action.keyword(), role.keyword()).isNotNull();
                for (int c = 0; c < CASES.size(); c++) {
                    Case kind = CASES.get(c);
                    // granted: the environment in question; not granted: another one, so the grant set is never empty
                    Set<String> grants = kind.granted() ? Set.of(kind.environment()) : Set.of("dev");
                    Principal principal = new Principal("tok_1", "t", role, grants);
                    assertThat(authorizer.may(principal, action, kind.environment()))
                            .as("%s %s %s %s", action.keyword(), role.keyword(), kind.environment(),
                                    kind.granted() ? "granted" : "not granted")
                            .isEqualTo(row.get(c));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(Action.values().length * Role.values().length * CASES.size());
    }

    @Test
    void productionIsWhatTheAuthorizerIsToldItIs() {
        Authorizer authorizer = new Authorizer(Set.of("prod-eu", "prod-us"));
        Principal admin = new Principal("tok_1", "ops", Role.ADMIN, Set.of("prod-eu"));
        assertThat(authorizer.may(admin, Action.ROLL_BACK, "prod-eu")).isTrue();
        assertThat(authorizer.may(admin, Action.ROLL_BACK, "prod-us")).isFalse();
        assertThat(authorizer.may(admin, Action.ROLL_BACK, "production")).as("not production here").isTrue();
    }

    @Test
    void aReleaseActionWithoutAnEnvironmentIsAProgrammingError() {
        Principal deployer = new Principal("tok_1", "ci", Role.DEPLOYER, Set.of("staging"));
        assertThatThrownBy(() -> Authorizer.standard().may(deployer, Action.CREATE_RELEASE, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Authorizer.standard().may(deployer, Action.READ, null)).isTrue();
    }

    @Test
    void rolesAreNamedByTheirKeywords() {
        assertThat(Arrays.stream(Role.values()).map(Role::keyword)).containsExactly("viewer", "deployer", "admin");
        assertThat(Role.of("deployer")).isEqualTo(Role.DEPLOYER);
        assertThatThrownBy(() -> Role.of("root")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown role \"root\": viewer, deployer or admin");
    }
}
