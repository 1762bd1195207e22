package com.epchat.ingest.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The provisioned API keys, held only as SHA-256 hashes: a presented key is hashed and looked up.
 * A plain hash suffices because keys are 256-bit random values (see {@link ApiKeyTool}), not
 * passwords: there is nothing to brute-force, and a slow hash (bcrypt) would cost every request.
 * Entries: {@code <sha256-hex> <userId> <role>[,<role>...]}.
 */
public final class ApiKeys {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@:-]{1,64}");
    private static final int MAX_KEY_LENGTH = 256;

    private final Map<String, ApiUser> byHash;

    private ApiKeys(Map<String, ApiUser> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /** Reads {@code EP_API_KEYS} and {@code EP_API_KEYS_FILE}; refuses to start on a bad or missing entry. */
    public static ApiKeys from(SecurityProperties properties) {
        List<String> lines = new ArrayList<>();
        if (properties.apiKeys() != null) {
            lines.addAll(List.of(properties.apiKeys().split("[;\\n]")));
        }
        if (properties.apiKeysFile() != null && !properties.apiKeysFile().isBlank()) {
            try {
                lines.addAll(Files.readAllLines(Path.of(properties.apiKeysFile()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("EP_API_KEYS_FILE " + properties.apiKeysFile() + " cannot be read", e);
            }
        }
        ApiKeys keys = parse(lines);
        if (keys.byHash.isEmpty()) {
            throw new IllegalArgumentException("EP_API_KEYS or EP_API_KEYS_FILE must provision at least one API key "
                    + "(entries '<sha256-hex> <userId> <role>[,<role>]', see the README section 'API keys')");
        }
        return keys;
    }

    static ApiKeys parse(List<String> lines) {
        Map<String, ApiUser> byHash = new HashMap<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 3 || !HASH.matcher(fields[0]).matches() || !USER_ID.matcher(fields[1]).matches()) {
                // the entry itself is not echoed: a key pasted by mistake would end up in the logs
                throw new IllegalArgumentException("API key entry " + number + " must read '<sha256-hex> <userId> "
                        + "<role>[,<role>]' (64 lowercase hex digits, a user id of letters, digits and . _ @ : -)");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String role : fields[2].split(",")) {
                try {
                    roles.add(Role.parse(role));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("API key entry " + number + ": " + e.getMessage(), e);
                }
            }
            if (byHash.put(fields[0], new ApiUser(fields[1], roles)) != null) {
                throw new IllegalArgumentException("API key entry " + number + " repeats a key of an earlier entry");
            }
        }
        return new ApiKeys(byHash);
    }

    /** The user behind a presented key, if it is one of ours. */
    public Optional<ApiUser> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256(presentedKey)));
    }

    public int size() {
        return byHash.size();
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes: what an entry stores. */
    public static String sha256(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** An entry line for a key: what an operator puts into {@code EP_API_KEYS} or the keys file. */
    public static String entry(String key, String userId, Set<Role> roles) {
        StringBuilder labels = new StringBuilder();
        for (Role role : EnumSet.copyOf(roles)) {
            labels.append(labels.isEmpty() ? "" : ",").append(role.label());
        }
        return sha256(key) + " " + userId + " " + labels;
    }
}
