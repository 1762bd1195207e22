package com.epchat.ingest.jobs;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.epchat.ingest.relay.ChunkRelay;
import com.epchat.ingest.security.ApiKeySecurityConfig;
import com.epchat.ingest.security.ApiKeyTool;
import com.epchat.ingest.security.ApiKeys;
import com.epchat.ingest.security.Role;
import com.epchat.topics.event.JobState;
import com.epchat.topics.event.JobStatus;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The HTTP contract of {@code /api/jobs/{id}} and its events: a key is required, a job is visible to
 * its owner (and admins) only, another user's job is 404 like an unknown one, cancel goes to Kafka.
 */
@WebMvcTest({JobsController.class, JobEventsController.class})
@Import({JobsControllerTests.Config.class, ApiKeySecurityConfig.class, JobAccess.class})
class JobsControllerTests {

    static final String ALICE = ApiKeyTool.newKey();
    static final String BOB = ApiKeyTool.newKey();
    static final String ADMIN = ApiKeyTool.newKey();

    @DynamicPropertySource
    static void apiKeys(DynamicPropertyRegistry registry) {
        registry.add("ep.security.api-keys", () -> String.join(";", ApiKeys.entry(ALICE, "alice", Set.of(Role.USER)),
                ApiKeys.entry(BOB, "bob", Set.of(Role.USER)), ApiKeys.entry(ADMIN, "ops", Set.of(Role.ADMIN))));
    }

    @TestConfiguration
    static class Config {

        @Bean
        JobsProperties jobsProperties() {
            return new JobsProperties(Duration.ofHours(24), Duration.ofMillis(10));
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobStatusView view;

    @MockitoBean
    JobPublisher publisher;

    @MockitoBean
    ChunkRelay relay;

    final String jobId = UUID.randomUUID().toString();
    final JobStatus running = new JobStatus(jobId, "alice", JobState.RUNNING, "deepseek-v3.1", "deepseek-chat", 1, 0,
            0, TokenUsage.NONE, Usd.ZERO, null, null, Instant.parse("2025-01-01T10:00:00Z"),
            Instant.parse("2025-01-01T10:00:01Z"));

    @BeforeEach
    void knownJob() {
        given(view.lookup(eq(jobId), any())).willReturn(Optional.of(running));
        given(relay.lastSeq(jobId)).willReturn(OptionalLong.of(42));
    }

    static String bearer(String key) {
        return "Bearer " + key;
    }

    @Test
    void shouldAnswer401WithoutAKeyOrWithAnUnknownOne() throws Exception {
        mvc.perform(get("/api/jobs/" + jobId))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ep-chat\""))
                .andExpect(jsonPath("$.field").value("Authorization"));
        mvc.perform(get("/api/jobs/" + jobId + "/events").header(HttpHeaders.AUTHORIZATION, bearer(ALICE + "0")))
                .andExpect(status().isUnauthorized());
        mvc.perform(delete("/api/jobs/" + jobId)).andExpect(status().isUnauthorized());

        verifyNoInteractions(view, publisher, relay);
    }

    @Test
    void shouldShowTheOwnerStateProgressUsageCostAndApiModel() throws Exception {
        mvc.perform(get("/api/jobs/" + jobId).header(HttpHeaders.AUTHORIZATION, bearer(ALICE)))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                        {"jobId":"%s","userId":"alice","state":"running","model":"deepseek-v3.1",
                         "apiModel":"deepseek-chat","rounds":1,"progress":{"lastSeq":42,"outputTokens":0},
                         "usage":{"inputCacheHit":0,"inputCacheMiss":0,"output":0,"reasoning":0},"cost":"0",
                         "requestedAt":"2025-01-01T10:00:00Z","events":"/api/jobs/%s/events"}""".formatted(jobId, jobId)));
    }

    @Test
    void shouldAnswer404ForAnotherUsersJobAsForAnUnknownOne() throws Exception {
        String unknown = UUID.randomUUID().toString();
        given(view.lookup(eq(unknown), any())).willReturn(Optional.empty());

        mvc.perform(get("/api/jobs/" + jobId).header(HttpHeaders.AUTHORIZATION, bearer(BOB)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("not_found"));
        mvc.perform(get("/api/jobs/" + unknown).header(HttpHeaders.AUTHORIZATION, bearer(BOB)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/jobs/" + jobId + "/events").header(HttpHeaders.AUTHORIZATION, bearer(BOB))
                        .accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
        mvc.perform(delete("/api/jobs/" + jobId).header(HttpHeaders.AUTHORIZATION, bearer(BOB)))
                .andExpect(status().isNotFound());

        verifyNoInteractions(publisher);
        verify(relay, org.mockito.Mockito.never()).open(any(), org.mockito.ArgumentMatchers.anyLong(), any(),
                org.mockito.ArgumentMatchers.anyBoolean());
    }

    @Test
    void shouldLetAnAdminSeeAnyUsersJob() throws Exception {
        mvc.perform(get("/api/jobs/" + jobId).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.userId").value("alice"));
    }

    @Test
    void shouldPublishACancelForTheOwnersRunningJob() throws Exception {
        mvc.perform(delete("/api/jobs/" + jobId).header(HttpHeaders.AUTHORIZATION, bearer(ALICE)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("cancelling"));

        verify(publisher).cancel(running, "alice");
    }

    @Test
    void shouldAnswer409WhenCancellingAJobThatHasEnded() throws Exception {
        JobStatus completed = new JobStatus(jobId, "alice", JobState.COMPLETED, "deepseek-v3.1", "deepseek-chat", 1,
                9, 8, TokenUsage.NONE, Usd.of("0.001"), "stop", null, running.requestedAt(), Instant.now());
        given(view.lookup(eq(jobId), any())).willReturn(Optional.of(completed));

        mvc.perform(delete("/api/jobs/" + jobId).header(HttpHeaders.AUTHORIZATION, bearer(ALICE)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.state").value("completed"));

        verifyNoInteractions(publisher);
    }

    @Test
    void shouldAnswer400ForAnIdThatIsNotAJobId() throws Exception {
        mvc.perform(get("/api/jobs/not-a-job").header(HttpHeaders.AUTHORIZATION, bearer(ALICE)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("id"));
    }
}
