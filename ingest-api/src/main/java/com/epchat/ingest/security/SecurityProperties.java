package com.epchat.ingest.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the API keys come from; both may be given and are merged. Each entry holds the SHA-256 of a
 * key, never the key: {@code <sha256-hex> <userId> <role>[,<role>...]}.
 *
 * @param apiKeys {@code EP_API_KEYS}: entries separated by {@code ;} or new lines
 * @param apiKeysFile {@code EP_API_KEYS_FILE}: a file with one entry per line ({@code #} comments),
 *     e.g. a mounted secret
 */
@ConfigurationProperties("ep.security")
public record SecurityProperties(String apiKeys, String apiKeysFile) {
}
