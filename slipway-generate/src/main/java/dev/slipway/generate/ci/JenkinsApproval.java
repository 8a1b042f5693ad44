package dev.slipway.generate.ci;

import static dev.slipway.generate.ci.GroovyWriter.quote;

import dev.slipway.generate.ci.ReleasePipeline.Deployment;
import dev.slipway.model.Environment;

/**
 * A Jenkins deployment to an environment with approval, in three stages under one lock: on an agent, {@code ci.sh}
 * starts the release and hands back its id once it awaits approval; without an agent (a person's answer may take
 * hours and must hold no executor), an {@code input} step asks the environment's approvers, each pasting their own
 * Slipway token, under a timeout; on an agent again, {@code ci.sh} sends each decision to Slipway with that person's
 * token — Slipway records who decided and checks their grant and {@code approvers.names} — and follows the release to
 * its end. An aborted or unanswered input cancels the release with the CI's deployer token (which cannot reject:
 * rejecting needs {@code approve:ENV}, a grant a CI token must not hold) and ends the build as the input ended.
 */
final class JenkinsApproval {

    /** How long the input waits for the approvers before the release is cancelled. */
    static final String TIMEOUT = "timeout(time: 12, unit: 'HOURS')";
    /** The Groovy maps the approval stage fills and the rollout stage reads, by environment. */
    static final String ANSWERS = "slipwayAnswers";
    static final String INTERRUPTIONS = "slipwayInterruptions";
    static final String DECISION = "SLIPWAY_DECISION";
    static final String COMMENT = "SLIPWAY_COMMENT";
    static final String APPROVER = "SLIPWAY_APPROVER";
    static final String TOKEN = "SLIPWAY_APPROVER_TOKEN";

    private JenkinsApproval() {
    }

    /** Script-level maps (no {@code def}: a binding every stage's script block sees). */
    static void declarations(GroovyWriter out) {
        out.line("");
        out.line("// what each approval stage asked, by environment, for the rollout stage after it; a person's token")
                .line("// reaches .slipway/ci.sh only through withEnv (Jenkins shows a withEnv by its variables' names)")
                .line(ANSWERS + " = [:]")
                .line(INTERRUPTIONS + " = [:]")
                .line("");
    }

    /** The variable holding the id of the release that awaits approval (empty when nothing was to change). */
    static String releaseVariable(Deployment deployment) {
        return "SLIPWAY_RELEASE_" + deployment.variable();
    }

    /** Starts the release and hands back its id once it awaits approval: {@code SLIPWAY_ON_APPROVAL=print-id}. */
    static void startStage(GroovyWriter out, Deployment deployment, String command, Runnable credentials) {
        out.open("stage(" + quote(deployment.name() + ": start") + ")");
        out.line("agent any");
        out.open("environment");
        credentials.run();
        out.line("SLIPWAY_ON_APPROVAL = 'print-id'");
        out.close();
        out.open("steps");
        out.open("script");
        out.line("// the release's id while it awaits its approvers; empty when nothing was to change");
        out.line("env." + releaseVariable(deployment) + " = sh(returnStdout: true, script: '''");
        command.lines().forEach(l -> out.line("    " + l.replace("\\", "\\\\")));
        out.line("''').trim()");
        out.close();
        out.close();
        out.close();
    }

    /** Asks the approvers in Jenkins, as many as {@code approvers.minimum}, until one rejects. */
    static void approvalStage(GroovyWriter out, Deployment deployment) {
        Environment.Approvers approvers = deployment.environment().approvers();
        String key = quote(deployment.name());
        out.open("stage(" + quote(deployment.name() + ": approval") + ")");
        out.open("when");
        out.line("expression { (env." + releaseVariable(deployment) + " ?: '') != '' }");
        out.close();
        out.line("// no agent: waiting for a person holds no executor");
        out.open("steps");
        out.open("script");
        out.line("def answers = []");
        out.open("try");
        out.open(TIMEOUT);
        out.line("boolean rejected = false");
        out.open("while (answers.size() < " + approvers.minimum() + " && !rejected)");
        out.line("def answer = input(");
        out.line("    message: 'Release ' + env." + releaseVariable(deployment) + " + ' to " + deployment.name()
                + " awaits approval in Slipway. Decide with your own Slipway token.',");
        out.line("    ok: 'Send my decision to Slipway',");
        if (approvers.names().isEmpty()) {
            out.line("    // no approvers.names for " + deployment.name() + ": anyone with Jenkins build permission can"
                    + " answer (Slipway still checks the token's grant approve:" + deployment.name() + ")");
        } else {
            out.line("    submitter: " + quote(String.join(",", approvers.names())) + ",");
        }
        out.line("    submitterParameter: " + quote(APPROVER) + ",");
        out.line("    parameters: [");
        out.line("        choice(name: " + quote(DECISION) + ", choices: ['approve', 'reject'],"
                + " description: 'reject ends the release, nothing having changed'),");
        out.line("        string(name: " + quote(COMMENT) + ", defaultValue: '', description: 'Why; Slipway records it with"
                + " your decision'),");
        out.line("        password(name: " + quote(TOKEN) + ", defaultValue: '', description: 'Your own Slipway API token,"
                + " granted approve:" + deployment.name() + " (never shown, never logged)'),");
        out.line("    ])");
        out.line("answers.add(answer)");
        out.line("rejected = answer." + DECISION + " == 'reject'");
        out.close();
        out.close();
        out.closeAndOpen("catch (org.jenkinsci.plugins.workflow.steps.FlowInterruptedException interrupted)");
        out.line("// aborted, or nobody answered in time: the rollout stage cancels the release, then ends the build alike");
        out.line(INTERRUPTIONS + "[" + key + "] = interrupted");
        out.close();
        out.line(ANSWERS + "[" + key + "] = answers");
        out.close();
        out.close();
        out.close();
    }

    /**
     * Sends each answer to Slipway with its person's token and follows the release to its end ({@code ci.sh approve}
     * exits 3 while more approvers are needed); cancels it when the input was aborted or timed out.
     */
    static void decide(GroovyWriter out, Deployment deployment) {
        String release = "env." + releaseVariable(deployment);
        String key = quote(deployment.name());
        out.open("script");
        out.open("if (" + release + ")");
        out.open("if (" + INTERRUPTIONS + "[" + key + "])");
        out.sh("sh " + CiScript.PATH + " cancel \"$" + releaseVariable(deployment) + "\"");
        out.line("throw " + INTERRUPTIONS + "[" + key + "]");
        out.close();
        out.line("int outcome = 3");
        out.open("for (answer in " + ANSWERS + "[" + key + "])");
        out.line("withEnv([" + quote(DECISION + "=") + " + answer." + DECISION + ", " + quote(COMMENT + "=") + " + answer."
                + COMMENT + ", " + quote(APPROVER + "=") + " + answer." + APPROVER + ", " + quote(TOKEN + "=")
                + " + answer." + TOKEN + "]) {");
        out.line("    outcome = sh(returnStatus: true, script: '''");
        out.line("        sh " + CiScript.PATH + " \"$" + DECISION + "\" \"$" + releaseVariable(deployment) + "\" \\\\");
        out.line("            \"${" + COMMENT + ":+$" + COMMENT + " / }answered in Jenkins by $" + APPROVER
                + ": $BUILD_URL\"");
        out.line("    ''')");
        out.line("}");
        out.open("if (outcome != 3)");
        out.line("break");
        out.close();
        out.close();
        out.line(ANSWERS + ".remove(" + key + ") // the tokens are not kept once used");
        out.open("if (outcome != 0)");
        out.line("error('Release ' + " + release + " + ' to " + deployment.name()
                + " did not succeed (.slipway/ci.sh ended with ' + outcome + '; its log above says why)')");
        out.close();
        out.close();
        out.close();
    }
}
