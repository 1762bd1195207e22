package com.epchat.ingest.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.epchat.ingest.relay.ChunkRelay;
import com.epchat.ingest.security.ApiKeySecurityConfig;
import com.epchat.ingest.security.ApiKeyTool;
import com.epchat.ingest.security.ApiKeys;
import com.epchat.ingest.security.Role;
import com.epchat.topics.event.BudgetDecision;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.money.Usd;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Who may submit: a key is required, the job is the key's user's, only an admin names another user. */
@WebMvcTest(GenerateController.class)
@Import({GenerateControllerTests.Config.class, ApiKeySecurityConfig.class})
class GenerateAuthorizationTests {

    static final String ADMIN = ApiKeyTool.newKey();

    @DynamicPropertySource
    static void apiKeys(DynamicPropertyRegistry registry) {
        registry.add("ep.security.api-keys", () -> String.join(";",
                ApiKeys.entry(GenerateControllerTests.KEY, "alice", Set.of(Role.USER)),
                ApiKeys.entry(ADMIN, "chat-frontend", Set.of(Role.USER, Role.ADMIN))));
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobSubmitter submitter;

    @MockitoBean
    ChunkRelay relay;

    final AtomicReference<GenerationRequested> submitted = new AtomicReference<>();

    void approveEverything() throws Exception {
        given(submitter.submit(any(), any())).willAnswer(call -> {
            GenerationRequested request = call.getArgument(0);
            submitted.set(request);
            return BudgetDecision.approve(request, Usd.of("0.01"), Usd.of("0.39"), Instant.now());
        });
    }

    @Test
    void shouldAnswer401WithoutAKeyAndPublishNothing() throws Exception {
        mvc.perform(post("/api/generate").header(HttpHeaders.AUTHORIZATION, "")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"prompt\":\"hi\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("unauthorized"));

        verifyNoInteractions(submitter, relay);
    }

    @Test
    void shouldKeepTheServiceDescriptionOpen() throws Exception {
        mvc.perform(get("/api/generate").header(HttpHeaders.AUTHORIZATION, ""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.service").value("ingest-api"));
    }

    @Test
    void shouldGiveTheJobToTheKeysUser() throws Exception {
        approveEverything();

        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON).content("{\"prompt\":\"hi\"}"))
                .andExpect(status().isAccepted());

        assertThat(submitted.get().userId()).isEqualTo("alice");
    }

    @Test
    void shouldRefuseAUserIdThatIsNotTheKeys() throws Exception {
        mvc.perform(post("/api/generate").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"hi\",\"userId\":\"bob\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.field").value("userId"));

        verifyNoInteractions(submitter, relay);
    }

    @Test
    void shouldLetAnAdminKeySubmitForAnyUser() throws Exception {
        approveEverything();

        mvc.perform(post("/api/generate").header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"prompt\":\"hi\",\"userId\":\"bob\"}"))
                .andExpect(status().isAccepted());

        assertThat(submitted.get().userId()).isEqualTo("bob");
    }
}
