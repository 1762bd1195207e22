package com.epchat.flags.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of the flags tool: a command, its words, and the options {@code --by},
 * {@code --reason}, {@code --dry-run}, {@code --json}, {@code --bootstrap-servers}, {@code --topic} and
 * {@code --timeout} (seconds to wait for Kafka, 15).
 */
record CliOptions(String command, List<String> words, String by, String reason, boolean dryRun, boolean json,
        String bootstrapServers, String topic, Duration timeout) {

    static CliOptions parse(String[] args, Map<String, String> env) {
        String command = null;
        List<String> words = new ArrayList<>();
        String by = null;
        String reason = null;
        boolean dryRun = false;
        boolean json = false;
        String servers = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String topic = null;
        Duration timeout = Duration.ofSeconds(15);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--by" -> by = value(args, ++i, a);
                case "--reason" -> reason = value(args, ++i, a);
                case "--dry-run" -> dryRun = true;
                case "--json" -> json = true;
                case "--bootstrap-servers" -> servers = value(args, ++i, a);
                case "--topic" -> topic = value(args, ++i, a);
                case "--timeout" -> timeout = seconds(value(args, ++i, a));
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    if (command == null) {
                        command = a;
                    } else {
                        words.add(a);
                    }
                }
            }
        }
        if (by == null || by.isBlank()) {
            by = env.getOrDefault("EP_BY", env.getOrDefault("USER", System.getProperty("user.name", "unknown")));
        }
        return new CliOptions(command == null ? "show" : command, List.copyOf(words), by, reason, dryRun, json,
                servers, topic, timeout);
    }

    private static Duration seconds(String value) {
        try {
            Duration d = Duration.ofSeconds(Long.parseLong(value));
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("--timeout takes a number of seconds, not '" + value + "'");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    String reasonOr(String fallback) {
        return reason == null || reason.isBlank() ? fallback : reason;
    }

    /** The one word a command takes (a file name), or a usage error. */
    String single(String what) {
        if (words.size() != 1) {
            throw new IllegalArgumentException(command + " takes one " + what);
        }
        return words.get(0);
    }
}
