package com.epchat.testsupport;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Which broker the tests get: in go the value of {@code EP_TEST_KAFKA} (may be absent) and a Docker probe,
 * out comes the {@link TestKafka.Source} and the reason, for the one log line that tells a reader what ran.
 * The probe is only consulted when the variable leaves the choice open or demands Docker.
 */
record BrokerChoice(TestKafka.Source source, String reason) {

    static final String MODE_VARIABLE = "EP_TEST_KAFKA";

    static BrokerChoice decide(String requestedMode, BooleanSupplier dockerAvailable) {
        String mode = requestedMode == null ? "" : requestedMode.trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "embedded":
                return new BrokerChoice(TestKafka.Source.EMBEDDED, MODE_VARIABLE + "=embedded");
            case "docker":
                if (!dockerAvailable.getAsBoolean()) {
                    throw new IllegalStateException(MODE_VARIABLE + "=docker but no Docker engine is reachable; "
                            + "start Docker or unset " + MODE_VARIABLE + " to use the in-process broker");
                }
                return new BrokerChoice(TestKafka.Source.DOCKER, MODE_VARIABLE + "=docker");
            case "", "auto":
                return dockerAvailable.getAsBoolean()
                        ? new BrokerChoice(TestKafka.Source.DOCKER, "a Docker engine is available")
                        : new BrokerChoice(TestKafka.Source.EMBEDDED, "no Docker engine found");
            default:
                throw new IllegalArgumentException(MODE_VARIABLE + " must be 'embedded', 'docker' or unset, was '"
                        + requestedMode + "'");
        }
    }
}
