package com.epchat.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys are provisioned as hashes with a user and roles; a presented key is found by its hash only. */
class ApiKeysTests {

    @Test
    void shouldFindTheUserAndRolesOfAProvisionedKeyByItsHash() {
        String alice = ApiKeyTool.newKey();
        String finance = ApiKeyTool.newKey();
        ApiKeys keys = ApiKeys.from(new SecurityProperties(ApiKeys.entry(alice, "alice", Set.of(Role.USER)) + ";"
                + ApiKeys.entry(finance, "fin-team", Set.of(Role.USER, Role.FINANCE)), null));

        assertThat(keys.authenticate(alice)).contains(new ApiUser("alice", Set.of(Role.USER)));
        assertThat(keys.authenticate(finance)).contains(new ApiUser("fin-team", Set.of(Role.USER, Role.FINANCE)));
        assertThat(keys.authenticate(alice + "x")).isEmpty();
        assertThat(keys.authenticate(ApiKeys.sha256(alice))).as("the stored hash is not a key").isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
    }

    @Test
    void shouldReadEntriesFromAFileWithCommentsAndMergeThemWithTheVariable(@TempDir Path dir) throws Exception {
        String fromFile = ApiKeyTool.newKey();
        String fromEnv = ApiKeyTool.newKey();
        Path file = dir.resolve("keys");
        Files.writeString(file, "# production keys\n\n" + ApiKeys.entry(fromFile, "bob", Set.of(Role.ADMIN)) + "\n");

        ApiKeys keys = ApiKeys.from(new SecurityProperties(ApiKeys.entry(fromEnv, "carol", Set.of(Role.USER)),
                file.toString()));

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.authenticate(fromFile).orElseThrow().has(Role.ADMIN)).isTrue();
        assertThat(keys.authenticate(fromEnv).orElseThrow().userId()).isEqualTo("carol");
    }

    @Test
    void shouldRefuseToStartWithoutAnyKeyNamingTheVariables() {
        assertThatThrownBy(() -> ApiKeys.from(new SecurityProperties("", "")))
                .hasMessageContaining("EP_API_KEYS").hasMessageContaining("EP_API_KEYS_FILE");
    }

    @Test
    void shouldRefuseAMalformedEntryWithoutEchoingIt() {
        String pastedKey = ApiKeyTool.newKey();

        assertThatThrownBy(() -> ApiKeys.parse(List.of(pastedKey + " alice user")))
                .hasMessageContaining("entry 1").hasMessageNotContaining(pastedKey);
        assertThatThrownBy(() -> ApiKeys.parse(List.of(ApiKeys.sha256("k") + " alice wizard")))
                .hasMessageContaining("unknown role 'wizard'");
        assertThatThrownBy(() -> ApiKeys.parse(List.of(ApiKeys.sha256("k") + " alice user",
                ApiKeys.sha256("k") + " bob user"))).hasMessageContaining("entry 2 repeats");
    }

    @Test
    void shouldMakeKeysOf256RandomBits() {
        String key = ApiKeyTool.newKey();

        assertThat(key).matches("ep_[0-9a-f]{64}").isNotEqualTo(ApiKeyTool.newKey());
    }
}
