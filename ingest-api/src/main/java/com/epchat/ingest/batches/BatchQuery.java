package com.epchat.ingest.batches;

import com.epchat.ingest.web.InvalidRequestException;
import com.epchat.topics.event.BatchSpec.OnBudgetReject;
import com.epchat.topics.money.Usd;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The query parameters of {@code POST /api/batches}, read from the raw query string. Why not
 * {@code @RequestParam}: asking the servlet container for a parameter makes it parse a form body,
 * and the body here is a (possibly 100 MB) file that must only ever be read as a stream.
 *
 * @param maxCost null for no cap of the batch's own
 */
record BatchQuery(boolean allowInvalidLines, OnBudgetReject onBudgetReject, Usd maxCost, Duration completionWindow) {

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,12})?");

    /** Each parameter checked; a bad one is a 400 naming it. */
    static BatchQuery parse(String queryString, Duration defaultWindow, Duration minWindow) {
        Map<String, String> params = params(queryString);
        boolean allowInvalid = bool(params.get("allowInvalidLines"));
        OnBudgetReject onReject = onBudgetReject(params.get("onBudgetReject"));
        Usd maxCost = maxCost(params.get("maxCostUsd"));
        String window = params.get("completionWindow");
        return new BatchQuery(allowInvalid, onReject, maxCost,
                window == null ? defaultWindow : CompletionWindow.parse(window, minWindow));
    }

    private static boolean bool(String value) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new InvalidRequestException("allowInvalidLines", "allowInvalidLines must be true or false");
    }

    private static OnBudgetReject onBudgetReject(String value) {
        if (value == null) {
            return OnBudgetReject.FAIL;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "fail" -> OnBudgetReject.FAIL;
            case "wait" -> OnBudgetReject.WAIT;
            default -> throw new InvalidRequestException("onBudgetReject", "onBudgetReject must be fail or wait");
        };
    }

    private static Usd maxCost(String value) {
        if (value == null) {
            return null;
        }
        if (!DECIMAL.matcher(value).matches() || new BigDecimal(value).signum() <= 0) {
            throw new InvalidRequestException("maxCostUsd",
                    "maxCostUsd must be a plain decimal amount of dollars above zero, e.g. 1.50");
        }
        return Usd.of(value);
    }

    private static Map<String, String> params(String queryString) {
        Map<String, String> params = new HashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return params;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("query", "the query string is not properly URL-encoded");
        }
    }
}
