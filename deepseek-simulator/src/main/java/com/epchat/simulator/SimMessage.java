package com.epchat.simulator;

import java.util.Objects;

/**
 * One chat message as the simulator's script sees it: a role ({@code system}, {@code user}, {@code assistant})
 * and its text. A {@code null} content is treated as empty.
 */
public record SimMessage(String role, String content) {

    public SimMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
    }

    public static SimMessage system(String content) {
        return new SimMessage("system", content);
    }

    public static SimMessage user(String content) {
        return new SimMessage("user", content);
    }

    public static SimMessage assistant(String content) {
        return new SimMessage("assistant", content);
    }
}
