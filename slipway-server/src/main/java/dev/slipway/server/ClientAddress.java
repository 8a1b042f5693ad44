package dev.slipway.server;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for the failure limits and the audit log: the TCP peer, unless the peer is one of the
 * trusted proxies ({@code slipway serve --trusted-proxy ADDRESS}), in which case it is the address that proxy
 * appended to {@code X-Forwarded-For}: the right-most entry that is not itself a trusted proxy. Any caller can write
 * {@code X-Forwarded-For}, so it is read only from a peer the operator named, and only the entries the trusted
 * proxies added are believed. Addresses are compared exactly, as the peer's address is written (no ranges).
 */
final class ClientAddress {

    /** An IPv4 or IPv6 literal; anything else in the header (a name, garbage) is not an address. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final Set<String> trusted;

    ClientAddress(List<String> trustedProxies) {
        this.trusted = Set.copyOf(trustedProxies);
    }

    String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (!trusted.contains(peer)) {
            return peer;
        }
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!trusted.contains(hop)) {
                return LITERAL.matcher(hop).matches() ? hop : peer;
            }
        }
        return peer;
    }
}
