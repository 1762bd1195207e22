package com.epchat.ingest.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.epchat.ingest.budget.GuardBypassPolicy;
import com.epchat.ingest.generate.GenerationValidator;
import com.epchat.ingest.security.ApiKeySecurityConfig;
import com.epchat.ingest.security.ApiKeyTool;
import com.epchat.ingest.security.ApiKeys;
import com.epchat.ingest.security.Role;
import com.epchat.pricing.PricingSettings;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchCounts;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchSpec;
import com.epchat.topics.event.BatchState;
import com.epchat.topics.event.BatchStatus;
import com.epchat.topics.event.Lane;
import com.epchat.topics.event.TokenUsage;
import com.epchat.topics.money.Usd;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP contract of the batch endpoints (web slice, Kafka mocked): every bad file is a 400 with line
 * numbers and fields and publishes nothing; allowInvalidLines queues the valid lines; query parameters
 * named when wrong; Idempotency-Key; owner or admin; cancel.
 */
@WebMvcTest(BatchesController.class)
@Import({BatchesControllerTests.Config.class, ApiKeySecurityConfig.class})
class BatchesControllerTests {

    static final String ALICE = ApiKeyTool.newKey();
    static final String BOB = ApiKeyTool.newKey();
    static final String ADMIN = ApiKeyTool.newKey();
    static final String OK = "{\"custom_id\":\"%s\",\"body\":{\"prompt\":\"say %s\",\"model\":\"deepseek-v3.1\",\"maxTokens\":50}}";

    @DynamicPropertySource
    static void apiKeys(DynamicPropertyRegistry registry) {
        registry.add("ep.security.api-keys", () -> ApiKeys.entry(ALICE, "alice", Set.of(Role.USER)) + ";"
                + ApiKeys.entry(BOB, "bob", Set.of(Role.USER)) + ";" + ApiKeys.entry(ADMIN, "ops", Set.of(Role.ADMIN)));
    }

    @TestConfiguration
    static class Config {

        static final BatchProperties LIMITS = new BatchProperties(5, DataSize.ofKilobytes(8), DataSize.ofBytes(600),
                Duration.ofHours(24), Duration.ofMinutes(1), 4);

        @Bean
        BatchProperties batchProperties() {
            return LIMITS;
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        BatchStateView batchStateView() {
            return new BatchStateView();
        }

        @Bean
        BatchMetrics batchMetrics(MeterRegistry registry) {
            return new BatchMetrics(registry);
        }

        @Bean
        BatchAccess batchAccess(BatchStateView view) {
            return new BatchAccess(view, Duration.ZERO);
        }

        @Bean
        BatchSubmitter batchSubmitter(BatchPublisher publisher, BatchStateView view, BatchMetrics metrics) {
            var pricing = new PricingSettings(131_072, "enabled", new BigDecimal("0.0014"), null, new BigDecimal("0.0028"));
            var validator = new GenerationValidator(pricing.catalog(), pricing.prices(), "deepseek-v3.1", 4096,
                    Clock.systemUTC());
            return new BatchSubmitter(new BatchFileReader(validator, new GuardBypassPolicy(Set.of()), LIMITS),
                    publisher, view, metrics, Duration.ZERO, Clock.systemUTC());
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    BatchStateView view;

    @Autowired
    MeterRegistry registry;

    @MockitoBean
    BatchPublisher publisher;

    @MockitoBean
    BatchResultsStreamer results;

    /** What the mocked publisher was handed: the spool's records (read before the spool is deleted). */
    final List<BatchInput> published = new ArrayList<>();
    final List<Path> spools = new ArrayList<>();

    @BeforeEach
    void capturePublished() {
        willAnswer(call -> {
            BatchUpload upload = call.getArgument(2);
            spools.add(upload.spool());
            upload.forEachRecord(bytes -> published.add(
                    Topics.BATCH_INPUT.valueSerde().deserializer().deserialize(Topics.BATCH_INPUT.name(), bytes)));
            return null;
        }).given(publisher).publish(any(), any(), any(), any(), any());
    }

    static MockHttpServletRequestBuilder upload(String uri, String file, String key) {
        return post(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + key).contentType("application/x-ndjson")
                .content(file.getBytes(StandardCharsets.UTF_8));
    }

    static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void shouldQueueAValidFileAnswering202WithLocationAndTheValidatingBatch() throws Exception {
        String file = lines(OK.formatted("a", "1"), "", OK.formatted("b", "2")).replace("\n", "\r\n");

        mvc.perform(upload("/api/batches?onBudgetReject=wait&maxCostUsd=1.50&completionWindow=PT1H", file, ALICE))
                .andExpect(status().isAccepted())
                .andExpect(header().string(HttpHeaders.LOCATION, matchesPattern("/api/batches/batch_[0-9a-f]{32}")))
                .andExpect(jsonPath("$.status").value("validating"))
                .andExpect(jsonPath("$.counts.total").value(2))
                .andExpect(jsonPath("$.counts.pending").value(2))
                .andExpect(jsonPath("$.percentDone").value(0.0))
                .andExpect(jsonPath("$.maxCostUsd").value("1.5"))
                .andExpect(jsonPath("$.onBudgetReject").value("wait"))
                .andExpect(jsonPath("$.links.results", matchesPattern("/api/batches/batch_.*/results")));

        assertThat(published).extracting(i -> i.item().customId()).containsExactly("a", "b");
        assertThat(published).extracting(i -> i.item().line()).containsExactly(1, 3);
        assertThat(published).allSatisfy(i -> {
            assertThat(i.type()).isEqualTo(BatchInput.Type.ITEM);
            assertThat(i.userId()).isEqualTo("alice");
            assertThat(i.item().request().lane()).isEqualTo(Lane.BULK);
            assertThat(i.item().request().userId()).isEqualTo("alice");
            assertThat(i.item().request().estimate().worstCase().isZero()).isFalse();
        });
        var spec = org.mockito.ArgumentCaptor.forClass(BatchSpec.class);
        verify(publisher).publish(any(), eq("alice"), any(), spec.capture(), any());
        assertThat(spec.getValue().total()).isEqualTo(2);
        assertThat(spec.getValue().onBudgetReject()).isEqualTo(BatchSpec.OnBudgetReject.WAIT);
        assertThat(spec.getValue().maxCost()).isEqualTo(Usd.of("1.50"));
        assertThat(Duration.between(spec.getValue().createdAt(), spec.getValue().expiresAt())).isEqualTo(Duration.ofHours(1));
        assertThat(spools).hasSize(1).allSatisfy(p -> assertThat(Files.exists(p)).isFalse());
        assertThat(registry.counter("ep_chat_batch_items_submitted").count()).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0} → line {1} field {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "{\"custom_id\":\"x\",\"body\":                                          | 2 | -",
        "[1,2]                                                                    | 2 | -",
        "{\"body\":{\"prompt\":\"hi\"}}                                          | 2 | custom_id",
        "{\"custom_id\":\"\",\"body\":{\"prompt\":\"hi\"}}                        | 2 | custom_id",
        "{\"custom_id\":7,\"body\":{\"prompt\":\"hi\"}}                           | 2 | custom_id",
        "{\"custom_id\":\"a\",\"body\":{\"prompt\":\"hi\"}}                       | 2 | custom_id",
        "{\"custom_id\":\"x\"}                                                    | 2 | body",
        "{\"custom_id\":\"x\",\"body\":{\"model\":\"deepseek-v3.1\"}}             | 2 | body.prompt",
        "{\"custom_id\":\"x\",\"body\":{\"prompt\":\"hi\",\"model\":\"gpt-4\"}}   | 2 | body.model",
        "{\"custom_id\":\"x\",\"body\":{\"prompt\":\"hi\",\"maxTokens\":0}}       | 2 | body.maxTokens",
        "{\"custom_id\":\"x\",\"body\":{\"prompt\":\"hi\",\"maxTokens\":\"many\"}} | 2 | body.maxTokens",
        "{\"custom_id\":\"x\",\"body\":{\"prompt\":\"hi\",\"userId\":\"bob\"}}    | 2 | body.userId",
        "{\"custom_id\":\"x\",\"body\":{\"prompt\":\"hi\",\"enableBudgetGuard\":false}} | 2 | body.enableBudgetGuard",
    })
    void shouldRefuseTheFileNamingTheBadLineAndFieldAndPublishNothing(String bad, int line, String field)
            throws Exception {
        var answer = mvc.perform(upload("/api/batches", lines(OK.formatted("a", "1"), bad, OK.formatted("c", "3")), ALICE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("invalid_batch"))
                .andExpect(jsonPath("$.invalidLines").value(1))
                .andExpect(jsonPath("$.lines[0].line").value(line));
        if (field == null) {
            answer.andExpect(jsonPath("$.lines[0].field").doesNotExist());
        } else {
            answer.andExpect(jsonPath("$.lines[0].field").value(field));
        }
        verifyNoInteractions(publisher);
    }

    @Test
    void shouldReportADuplicateCustomIdWithTheLineItRepeats() throws Exception {
        mvc.perform(upload("/api/batches", lines(OK.formatted("a", "1"), OK.formatted("b", "2"), OK.formatted("a", "3")),
                        ALICE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.lines[0].line").value(3))
                .andExpect(jsonPath("$.lines[0].field").value("custom_id"))
                .andExpect(jsonPath("$.lines[0].message", containsString("repeats line 1")));
        verifyNoInteractions(publisher);
    }

    @Test
    void shouldRefuseAnEmptyFile() throws Exception {
        for (String file : new String[] {"", "\n\n  \n"}) {
            mvc.perform(upload("/api/batches", file, ALICE))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("invalid_batch"))
                    .andExpect(jsonPath("$.message", containsString("no requests")));
        }
        verifyNoInteractions(publisher);
    }

    @Test
    void shouldRefuseAFileOverTheLineLimitEvenWithAllowInvalidLines() throws Exception {
        String six = lines(OK.formatted("a", "1"), OK.formatted("b", "2"), OK.formatted("c", "3"),
                OK.formatted("d", "4"), OK.formatted("e", "5"), OK.formatted("f", "6"));
        mvc.perform(upload("/api/batches?allowInvalidLines=true", six, ALICE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.lines[0].line").value(6))
                .andExpect(jsonPath("$.message", containsString("BATCH_MAX_LINES")));
        verifyNoInteractions(publisher);
    }

    @Test
    void shouldRefuseALineOverTheLineSizeAndAFileOverTheByteLimit() throws Exception {
        String longLine = OK.formatted("b", "x".repeat(700));
        mvc.perform(upload("/api/batches", lines(OK.formatted("a", "1"), longLine), ALICE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.lines[0].line").value(2))
                .andExpect(jsonPath("$.lines[0].message", containsString("BATCH_MAX_LINE_BYTES")));

        String huge = "\n".repeat(9 * 1024) + OK.formatted("a", "1");
        mvc.perform(upload("/api/batches", huge, ALICE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message", containsString("BATCH_MAX_BYTES")));
        verifyNoInteractions(publisher);
    }

    @Test
    void shouldQueueOnlyTheValidLinesWhenAllowedAndCountTheRest() throws Exception {
        String file = lines(OK.formatted("a", "1"), "not json", "{\"body\":{\"prompt\":\"hi\"}}", OK.formatted("d", "4"));

        mvc.perform(upload("/api/batches?allowInvalidLines=true", file, ALICE))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.counts.total").value(2))
                .andExpect(jsonPath("$.counts.invalidLines").value(2));

        assertThat(published).extracting(i -> i.item().customId()).containsExactly("a", "d");
        assertThat(published).extracting(i -> i.item().line()).containsExactly(1, 4);
    }

    @Test
    void shouldRefuseAFileWithNoValidLineEvenWhenInvalidLinesAreAllowed() throws Exception {
        mvc.perform(upload("/api/batches?allowInvalidLines=true", lines("nope", "nope either"), ALICE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidLines").value(2));
        verifyNoInteractions(publisher);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "onBudgetReject=maybe     | onBudgetReject",
        "maxCostUsd=0             | maxCostUsd",
        "maxCostUsd=-1            | maxCostUsd",
        "maxCostUsd=1e3           | maxCostUsd",
        "completionWindow=30s     | completionWindow",
        "completionWindow=8d      | completionWindow",
        "completionWindow=soon    | completionWindow",
        "allowInvalidLines=yes    | allowInvalidLines",
    })
    void shouldNameTheBadQueryParameter(String query, String field) throws Exception {
        mvc.perform(upload("/api/batches?" + query, lines(OK.formatted("a", "1")), ALICE))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value(field));
        verifyNoInteractions(publisher);
    }

    @Test
    void shouldReturnTheSameBatchForARepeatedIdempotencyKeyWithoutPublishingAgain() throws Exception {
        String file = lines(OK.formatted("a", "1"));
        String first = mvc.perform(upload("/api/batches", file, ALICE).header("Idempotency-Key", "upload-42"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader(HttpHeaders.LOCATION);

        mvc.perform(upload("/api/batches", file, ALICE).header("Idempotency-Key", "upload-42"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.LOCATION, first));
        // the same key of another user is another batch
        String bobs = mvc.perform(upload("/api/batches", file, BOB).header("Idempotency-Key", "upload-42"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader(HttpHeaders.LOCATION);

        assertThat(bobs).isNotEqualTo(first);
        verify(publisher, times(2)).publish(any(), any(), any(), any(), any());
        assertThat(first).endsWith(BatchIds.forKey("alice", "upload-42"));
    }

    @Test
    void shouldAnswer401WithoutAKeyAnd415ForAMultipartUpload() throws Exception {
        mvc.perform(post("/api/batches").contentType("application/x-ndjson").content(OK.formatted("a", "1")))
                .andExpect(status().isUnauthorized());
        mvc.perform(upload("/api/batches", "", ALICE).contentType("multipart/form-data; boundary=x"))
                .andExpect(status().isUnsupportedMediaType());
        verifyNoInteractions(publisher);
    }

    @Test
    void shouldShowABatchToItsOwnerAndAdminsOnlyWithProgress() throws Exception {
        Instant started = Instant.now().minusSeconds(100);
        view.apply("batch_" + "a".repeat(32), state("batch_" + "a".repeat(32), BatchStatus.IN_PROGRESS,
                new BatchCounts(100, 40, 10, 45, 5, 0, 0, 0), started));

        mvc.perform(get("/api/batches/batch_" + "a".repeat(32)).header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("in_progress"))
                .andExpect(jsonPath("$.counts.succeeded").value(45))
                .andExpect(jsonPath("$.percentDone").value(50.0))
                .andExpect(jsonPath("$.estimatedSecondsLeft").isNumber())
                .andExpect(jsonPath("$.spentUsd").value("0.25"));
        mvc.perform(get("/api/batches/batch_" + "a".repeat(32)).header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN))
                .andExpect(status().isOk());
        mvc.perform(get("/api/batches/batch_" + "a".repeat(32)).header(HttpHeaders.AUTHORIZATION, "Bearer " + BOB))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/batches/batch_" + "a".repeat(32) + "/cancel")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOB))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/batches/batch_" + "a".repeat(32) + "/results")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + BOB))
                .andExpect(status().isNotFound());
        String listed = "$.batches[?(@.id == 'batch_" + "a".repeat(32) + "')]";
        mvc.perform(get("/api/batches").header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE))
                .andExpect(status().isOk())
                .andExpect(jsonPath(listed).isNotEmpty());
        mvc.perform(get("/api/batches").header(HttpHeaders.AUTHORIZATION, "Bearer " + BOB))
                .andExpect(status().isOk())
                .andExpect(jsonPath(listed).isEmpty());
        verifyNoInteractions(results);
        verify(publisher, never()).cancel(any(), any(), any(), any());
    }

    @Test
    void shouldWriteACancelForARunningBatchAndAnswer409OnceFinal() throws Exception {
        String running = "batch_" + "b".repeat(32);
        String done = "batch_" + "c".repeat(32);
        view.apply(running, state(running, BatchStatus.IN_PROGRESS, new BatchCounts(2, 2, 0, 0, 0, 0, 0, 0), null));
        view.apply(done, state(done, BatchStatus.COMPLETED, new BatchCounts(2, 0, 0, 2, 0, 0, 0, 0), null));

        mvc.perform(post("/api/batches/" + running + "/cancel").header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("cancelling"));
        mvc.perform(post("/api/batches/" + done + "/cancel").header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("batch_ended"));

        verify(publisher).cancel(eq(running), eq("alice"), eq("alice"), any());
        verify(publisher, never()).cancel(eq(done), any(), any(), any());
    }

    static BatchState state(String id, BatchStatus status, BatchCounts counts, Instant inProgressAt) {
        Instant created = Instant.now().minusSeconds(200);
        var spec = new BatchSpec(counts.total(), 0, null, BatchSpec.OnBudgetReject.FAIL, created,
                created.plus(Duration.ofHours(24)), null);
        return new BatchState(id, "alice", status, counts, spec, Usd.of("0.25"), Usd.ZERO, TokenUsage.NONE,
                inProgressAt, status.isFinal() ? Instant.now() : null, Instant.now());
    }
}
