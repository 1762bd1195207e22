package com.epchat.simulator.api;

import com.epchat.simulator.faults.Fault;
import com.epchat.simulator.faults.FaultSpec;

/**
 * A request the simulator answers with an error status and DeepSeek's OpenAI-like error body
 * {@code {"error":{"message","type","param":null,"code"}}}. Carries no stack trace: it is control flow.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final Integer retryAfterSeconds;

    ApiException(int status, String message, String type, String code, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiException invalidRequest(String message) {
        return new ApiException(400, message, "invalid_request_error", "invalid_request_error", null);
    }

    static ApiException invalidParameters(String message) {
        return new ApiException(422, message, "invalid_request_error", "invalid_request_error", null);
    }

    /** Never echoes the key that was sent. */
    static ApiException unauthorized() {
        return new ApiException(401, "Authentication Fails: the API key is missing or invalid",
                "authentication_error", "invalid_request_error", null);
    }

    static ApiException injected(FaultSpec spec) {
        Fault fault = spec.fault();
        return new ApiException(fault.status(), fault.message(), fault.type(), fault.code(),
                fault == Fault.RATE_LIMIT ? spec.retryAfterSeconds() : null);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String code() {
        return code;
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
