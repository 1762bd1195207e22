package com.epchat.deepseek;

import java.net.URI;

/**
 * The URLs of the API, derived from the configured base. Chat and models hang off the base as given
 * ({@code /v1} or not, so an OpenAI-style proxy base also works); the beta base (prefix completion) and
 * the DeepSeek-specific balance endpoint hang off the root, i.e. the base without a trailing {@code /v1}.
 */
record Endpoints(String base, String root) {

    static Endpoints of(URI baseUrl) {
        String base = stripSlashes(baseUrl.toString());
        String root = base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
        return new Endpoints(base, root);
    }

    /** {@code <root>/beta}, or the base itself when it already is a beta base. */
    String betaBase() {
        return root.endsWith("/beta") ? root : root + "/beta";
    }

    URI chatCompletions(boolean prefixCompletion) {
        return URI.create((prefixCompletion ? betaBase() : base) + "/chat/completions");
    }

    URI models() {
        return URI.create(base + "/models");
    }

    URI balance() {
        String balanceRoot = root.endsWith("/beta") ? root.substring(0, root.length() - 5) : root;
        return URI.create(balanceRoot + "/user/balance");
    }

    private static String stripSlashes(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
