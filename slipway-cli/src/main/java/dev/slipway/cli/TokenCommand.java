package dev.slipway.cli;

import dev.slipway.model.UserError;
import dev.slipway.store.AuditLog;
import dev.slipway.store.IssuedToken;
import dev.slipway.store.Store;
import dev.slipway.store.TokenInfo;
import dev.slipway.store.auth.Role;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke the API tokens of the Slipway server. Every change is written to the "
                + "audit log, by the local user."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    /** Who changes tokens from the command line: the local user, since the CLI has no token of its own. */
    static String localUser() {
        return System.getProperty("user.name", "unknown");
    }

    /** Where a CLI change comes from, in the audit log's source-address column. */
    static final String LOCAL = "local cli";

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Create an API token and print it, once: only its hash is kept.",
                "The token alone goes to standard output (TOKEN=$(slipway token create ...)); what it is, and the "
                    + "warning, go to standard error."})
    static final class Create implements Callable<Integer> {

        @Option(names = "--name", paramLabel = "NAME", required = true, description = "What the token is for.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", required = true, converter = KeywordConverters.Roles.class,
                description = "viewer, deployer or admin.")
        Role role;

        @Option(names = "--grant", paramLabel = "ENV",
                description = "An environment the token may release to; repeat for more. Production needs one "
                        + "even for an admin.")
        List<String> grants = new ArrayList<>();

        @Mixin
        StoreOption database;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            PrintWriter out = command.commandLine().getOut();
            PrintWriter err = command.commandLine().getErr();
            IssuedToken issued;
            try (Store store = database.open()) {
                try {
                    issued = store.tokens().create(name, role, new LinkedHashSet<>(grants), localUser(), Instant.now());
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage(), null);
                }
                TokenInfo info = issued.info();
                store.auditLog().append(localUser(), "token-create", info.id() + " " + describe(info), LOCAL, "ok",
                        info.created());
            }
            out.println(issued.secret());
            out.flush();
            err.println("Created token " + issued.info().id() + " " + describe(issued.info()) + ".");
            err.println("Keep it now: it cannot be shown again (Slipway keeps only its hash).");
            err.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"List the API tokens, revoked ones included; never a token or its hash.",
                "",
                "json: [{\"id\",\"name\",\"role\",\"grants\":[...],\"created\",\"createdBy\",\"revoked\"}], "
                    + "createdBy and revoked null when unknown or active."})
    static final class ListTokens implements Callable<Integer> {

        private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

        @Mixin
        Formats output;

        @Mixin
        StoreOption database;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            List<TokenInfo> tokens;
            try (Store store = database.open()) {
                tokens = store.tokens().list();
            }
            PrintWriter out = command.commandLine().getOut();
            out.print(output.json() ? json(tokens) : text(tokens));
            out.flush();
            return 0;
        }

        private static String text(List<TokenInfo> tokens) {
            if (tokens.isEmpty()) {
                return "No API tokens yet: slipway token create --name NAME --role ROLE.\n";
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "NAME", "ROLE", "GRANTS", "CREATED", "BY", "REVOKED"});
            for (TokenInfo t : tokens) {
                rows.add(new String[] {t.id(), t.name(), t.role().keyword(),
                        t.grants().isEmpty() ? "-" : String.join(",", t.grants()), t.created().toString(),
                        t.createdBy().orElse("-"), t.revoked().map(Instant::toString).orElse("-")});
            }
            return Summary.table(rows);
        }

        private static String json(List<TokenInfo> tokens) {
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (TokenInfo t : tokens) {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("id", t.id());
                node.put("name", t.name());
                node.put("role", t.role().keyword());
                node.put("grants", List.copyOf(t.grants()));
                node.put("created", t.created().toString());
                node.put("createdBy", t.createdBy().orElse(null));
                node.put("revoked", t.revoked().map(Instant::toString).orElse(null));
                nodes.add(node);
            }
            return JSON.writeValueAsString(nodes) + "\n";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Revoke an API token: it stops working at once; it stays in the list, marked revoked.")
    static final class Revoke implements Callable<Integer> {

        @Parameters(paramLabel = "ID", description = "The token's id, as token list shows it (tok_...).")
        String id;

        @Mixin
        StoreOption database;

        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            boolean revoked;
            try (Store store = database.open()) {
                Instant now = Instant.now();
                revoked = store.tokens().revoke(id, now);
                // a failed attempt is audited too: someone tried to revoke something
                AuditLog audit = store.auditLog();
                audit.append(localUser(), "token-revoke", id, LOCAL, revoked ? "ok" : "no active token", now);
            }
            if (!revoked) {
                throw new UserError("there is no active token " + id, "slipway token list shows the tokens");
            }
            command.commandLine().getOut().println("Revoked " + id + ".");
            command.commandLine().getOut().flush();
            return 0;
        }
    }

    static String describe(TokenInfo info) {
        return "(" + info.name() + ", " + info.role().keyword() + ", grants: "
                + (info.grants().isEmpty() ? "none" : String.join(", ", info.grants())) + ")";
    }
}
