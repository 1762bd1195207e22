package com.epchat.simulator.faults;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The faults a request can ask for. Error faults answer at once with DeepSeek's status code and an OpenAI-like
 * error body; mid-stream faults ({@link #midStream()}) first emit {@code after} tokens, then misbehave.
 */
public enum Fault {
    RATE_LIMIT("rate_limit", 429, "Rate Limit Reached", "rate_limit_error", "rate_limit_exceeded"),
    SERVER_ERROR("server_error", 500, "Server Error", "server_error", "server_error"),
    OVERLOADED("overloaded", 503, "Server Overloaded: the server is busy, please retry later", "server_error",
            "server_overloaded"),
    BAD_REQUEST("bad_request", 400, "Invalid Format: simulated bad request", "invalid_request_error",
            "invalid_request_error"),
    UNAUTHORIZED("unauthorized", 401, "Authentication Fails: simulated invalid API key", "authentication_error",
            "invalid_request_error"),
    INSUFFICIENT_BALANCE("insufficient_balance", 402, "Insufficient Balance", "unknown_error", "invalid_request_error"),
    INVALID_PARAMS("invalid_params", 422, "Invalid Parameters: simulated", "invalid_request_error",
            "invalid_request_error"),
    /** Emit {@code after} tokens, then send nothing at all while keeping the socket open. */
    STALL("stall", 0, null, null, null),
    /** Emit {@code after} tokens, then close the connection without finish_reason or [DONE]. */
    DISCONNECT("disconnect", 0, null, null, null),
    /** Emit {@code after} tokens, then finish with {@code insufficient_system_resource}, usage and [DONE]. */
    INSUFFICIENT_RESOURCES("insufficient_resources", 0, null, null, null);

    private final String wireName;
    private final int status;
    private final String message;
    private final String type;
    private final String code;

    Fault(String wireName, int status, String message, String type, String code) {
        this.wireName = wireName;
        this.status = status;
        this.message = message;
        this.type = type;
        this.code = code;
    }

    public static Fault byName(String name) {
        for (Fault fault : values()) {
            if (fault.wireName.equalsIgnoreCase(name.trim())) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown sim fault '" + name.trim() + "', expected one of "
                + Arrays.stream(values()).map(Fault::wireName).collect(Collectors.joining(", ")));
    }

    public boolean midStream() {
        return status == 0;
    }

    public String wireName() {
        return wireName;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }
}
