package com.epchat.ingest.security;

import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Makes a new API key: prints the key (give it to the user, once) and the entry to provision
 * (its hash, the user, the roles). The same can be done with shell tools:
 * {@code key=ep_$(openssl rand -hex 32); printf %s "$key" | sha256sum}.
 *
 * <pre>java -cp ingest-api/target/ingest-api-*.jar com.epchat.ingest.security.ApiKeyTool alice user[,finance,admin]</pre>
 */
public final class ApiKeyTool {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyTool() {
    }

    /** {@code ep_} and 64 hex digits: 256 random bits. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "ep_" + HexFormat.of().formatHex(bytes);
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ApiKeyTool <userId> [user|finance|admin[,...]]");
            System.exit(2);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String label : (args.length == 2 ? args[1] : "user").split(",")) {
            roles.add(Role.parse(label));
        }
        String key = newKey();
        System.out.println("key (give to " + args[0] + ", it is not stored): " + key);
        System.out.println("entry (EP_API_KEYS or EP_API_KEYS_FILE):      " + ApiKeys.entry(key, args[0], roles));
    }
}
