package dev.slipway.server;

import dev.slipway.model.load.Suggest;
import dev.slipway.store.SafeText;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every string an API caller sends is checked here, at the edge, before anything stores, plans or logs it: a name
 * must be a DNS label (the spec's rule for services and environments), a version an image tag, free text (a
 * token's name) printable. A refusal is a 400 problem naming the field. No control character, UTF-16 surrogate
 * (a lone one cannot even be written as UTF-8: it once wedged every sandbox environment) or bidi override gets
 * past this class into the store.
 */
final class Input {

    /** The spec's name rule for services and environments (slipway.schema.json, {@code dnsLabel}). */
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    /**
     * A version is an image tag (the OCI distribution grammar) that may carry semver build metadata:
     * {@code 2.1.0}, {@code v2.1.0-rc.1}, {@code 7.2.5-alpine}, {@code 1.0.0+build.7}.
     */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,127}");
    /** Ids the server hands out: releases {@code r-ENV-N}, tokens {@code tok_...}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** How much of a refused value a problem detail quotes. */
    static final int TEXT_AT_MOST = SafeText.NAME_AT_MOST;

    /** Duplicate keys are refused by the parser itself; the server's bodies are small objects. */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Input() {
    }

    /**
     * The request's JSON object; 400 for malformed JSON, a duplicate key, or a field not in {@code fields}
     * (a typo such as {@code gate} for {@code gates} would otherwise be ignored silently).
     */
    static JsonNode object(Context ctx, Set<String> fields) {
        SpecRoutes.requireJson(ctx);
        JsonNode node;
        try {
            node = STRICT.readTree(ctx.body());
        } catch (StreamReadException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate Object property")) {
                throw ApiProblem.badRequest("the body names a field twice: " + message.replace("Duplicate Object "
                        + "property", "duplicate field"));
            }
            throw ApiProblem.badRequest("the body is not valid JSON: " + message);
        } catch (JacksonException e) {
            throw ApiProblem.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object");
        }
        onlyFields(node, "", fields);
        return node;
    }

    /** 400 naming the first field of {@code node} not in {@code fields}; {@code prefix} is its path ({@code commit.}). */
    static void onlyFields(JsonNode node, String prefix, Set<String> fields) {
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                String shown = prefix + printable(name);
                throw ApiProblem.badRequest("unknown field \"" + shown + "\""
                        + Suggest.closest(name, fields).map(s -> "; did you mean \"" + prefix + s + "\"?").orElse("")
                        + " (" + (prefix.isEmpty() ? "the body" : prefix.substring(0, prefix.length() - 1))
                        + " takes " + String.join(", ", new TreeSet<>(fields)) + ")");
            }
        }
    }

    /** A service or environment name: the spec's DNS label rule. */
    static String name(String field, String value) {
        text(field, value, 63);
        if (!NAME.matcher(value).matches()) {
            throw ApiProblem.badRequest(field + " must be a name as slipway.yaml writes them (lower-case letters, "
                    + "digits and '-', starting with a letter, at most 63 characters), got \"" + value + "\"");
        }
        return value;
    }

    static boolean isName(String value) {
        return NAME.matcher(value).matches();
    }

    /** A version to release: an image tag, semver or not ({@code 2.1.0}, {@code 7.2.5-alpine}). */
    static String version(String field, String value) {
        text(field, value, 128);
        if (!VERSION.matcher(value).matches()) {
            throw ApiProblem.badRequest(field + " must be a version: an image tag such as 2.1.0 or 7.2.5-alpine "
                    + "(letters, digits, '.', '_', '-' and '+', at most 128, not starting with '.', '-' or '+'), "
                    + "got \"" + value + "\"");
        }
        return value;
    }

    /** An id the server handed out, as a path names it; anything else cannot be one (404 by the caller). */
    static boolean id(String value) {
        return ID.matcher(value).matches();
    }

    /**
     * Free text: 1 to {@code atMost} characters, none of them a control character, a surrogate or a bidi
     * control (which can make a log line or a listing read differently from what it holds).
     */
    static String text(String field, String value, int atMost) {
        try {
            return SafeText.require(field, value, atMost);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    /** The text with every unsafe character escaped, so that a problem detail can quote it. */
    static String printable(String text) {
        return printable(text, TEXT_AT_MOST);
    }

    /** As {@link #printable(String)}, cut after {@code atMost} characters. */
    static String printable(String text, int atMost) {
        return SafeText.hostile(text).isEmpty() && text.length() <= atMost ? text : SafeText.printable(text, atMost);
    }
}
