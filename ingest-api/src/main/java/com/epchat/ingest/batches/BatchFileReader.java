package com.epchat.ingest.batches;

import com.epchat.ingest.budget.GuardBypassPolicy;
import com.epchat.ingest.generate.GenerateRequest;
import com.epchat.ingest.generate.GenerationValidator;
import com.epchat.ingest.web.InvalidRequestException;
import com.epchat.topics.Topics;
import com.epchat.topics.event.BatchInput;
import com.epchat.topics.event.BatchItem;
import com.epchat.topics.event.GenerationRequested;
import com.epchat.topics.event.Lane;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSONL batch file as a stream and checks every line: JSON object, {@code custom_id} (1..64
 * characters, unique in the file), {@code body} validated by the same {@link GenerationValidator} as
 * {@code POST /api/generate} (lane bulk, the caller as user). Valid items go to a spool file, never to
 * memory; the file's limits (lines, bytes, bytes per line) are enforced while reading. In: the body
 * stream; out: a {@link BatchUpload}, or an {@link InvalidBatchException} (spool deleted) when the file
 * is refused as a whole.
 */
final class BatchFileReader {

    /** Bad lines listed in a 400; the total is counted apart. */
    static final int MAX_REPORTED = 100;
    private static final int MAX_CUSTOM_ID = 64;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final GenerationValidator validator;
    private final GuardBypassPolicy bypass;
    private final BatchProperties limits;

    BatchFileReader(GenerationValidator validator, GuardBypassPolicy bypass, BatchProperties limits) {
        this.validator = validator;
        this.bypass = bypass;
        this.limits = limits;
    }

    /**
     * @param allowInvalid keep going without the bad lines; otherwise any bad line refuses the file
     *     (all lines are still read, to report them)
     */
    BatchUpload read(InputStream body, String batchId, String userId, boolean allowInvalid, Instant at)
            throws IOException {
        Path spool = Files.createTempFile("ep-batch-", ".spool");
        try {
            BatchUpload upload = spool(body, spool, batchId, userId, allowInvalid, at);
            if (upload.invalidLines() > 0 && !allowInvalid) {
                throw new InvalidBatchException(upload.invalidLines() + " invalid line(s); nothing was queued "
                        + "(send allowInvalidLines=true to queue the valid ones)", upload.errors(),
                        upload.invalidLines());
            }
            if (upload.items() == 0) {
                throw new InvalidBatchException(upload.invalidLines() == 0 ? "the file holds no requests"
                        : "no line of the file is valid; nothing was queued", upload.errors(), upload.invalidLines());
            }
            return upload;
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    private BatchUpload spool(InputStream body, Path spool, String batchId, String userId, boolean allowInvalid,
            Instant at) throws IOException {
        LineReader lines = new LineReader(body, (int) limits.maxLineBytes().toBytes(), limits.maxBytes().toBytes());
        Map<String, Integer> seen = new HashMap<>();
        List<LineError> errors = new ArrayList<>();
        int invalid = 0;
        int items = 0;
        int requests = 0;
        int lineNo = 0;
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024))) {
            while (true) {
                boolean more;
                try {
                    more = lines.next();
                } catch (LineReader.TooLargeException e) {
                    throw refuse(errors, invalid, new LineError(lineNo + 1, null, "the file is larger than "
                            + limits.maxBytes().toBytes() + " bytes (BATCH_MAX_BYTES)"));
                }
                if (!more) {
                    break;
                }
                lineNo++;
                if (lines.blank()) {
                    continue;
                }
                if (++requests > limits.maxLines()) {
                    throw refuse(errors, invalid, new LineError(lineNo, null, "the file holds more than "
                            + limits.maxLines() + " requests (BATCH_MAX_LINES)"));
                }
                LineError error;
                BatchItem item = null;
                if (lines.tooLong()) {
                    error = new LineError(lineNo, null, "the line is longer than " + limits.maxLineBytes().toBytes()
                            + " bytes (BATCH_MAX_LINE_BYTES)");
                } else {
                    Checked checked = check(lines, lineNo, userId, seen);
                    error = checked.error();
                    item = checked.item();
                }
                if (error != null) {
                    invalid++;
                    if (errors.size() < MAX_REPORTED) {
                        errors.add(error);
                    }
                } else if (allowInvalid || invalid == 0) {
                    // once the file is refused anyway, only the checking goes on
                    byte[] record = Topics.BATCH_INPUT.valueSerde().serializer()
                            .serialize(Topics.BATCH_INPUT.name(), BatchInput.item(batchId, userId, item, at));
                    out.writeInt(record.length);
                    out.write(record);
                    items++;
                }
            }
        }
        return new BatchUpload(spool, items, errors, invalid);
    }

    private static InvalidBatchException refuse(List<LineError> errors, int invalid, LineError fatal) {
        List<LineError> shown = new ArrayList<>(errors.subList(0, Math.min(errors.size(), MAX_REPORTED - 1)));
        shown.add(fatal);
        return new InvalidBatchException(fatal.message() + "; nothing was queued", shown, invalid + 1);
    }

    private record Checked(BatchItem item, LineError error) {
    }

    private Checked check(LineReader lines, int lineNo, String userId, Map<String, Integer> seen) {
        JsonNode node;
        try {
            node = JSON.readTree(lines.bytes(), 0, lines.length());
        } catch (JacksonException e) {
            return fault(lineNo, null, "the line is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            return fault(lineNo, null, "each line must be a JSON object {\"custom_id\": ..., \"body\": {...}}");
        }
        JsonNode id = node.get("custom_id");
        if (id == null || !id.isString() || id.asString().isEmpty() || id.asString().length() > MAX_CUSTOM_ID) {
            return fault(lineNo, "custom_id", "custom_id is required: a string of 1 to " + MAX_CUSTOM_ID
                    + " characters");
        }
        String customId = id.asString();
        Integer first = seen.putIfAbsent(customId, lineNo);
        if (first != null) {
            return fault(lineNo, "custom_id", "custom_id '" + customId + "' repeats line " + first);
        }
        JsonNode bodyNode = node.get("body");
        if (bodyNode == null || !bodyNode.isObject()) {
            return fault(lineNo, "body", "body is required: the request as POST /api/generate takes it");
        }
        GenerateRequest body;
        try {
            body = JSON.treeToValue(bodyNode, GenerateRequest.class);
        } catch (DatabindException e) {
            return fault(lineNo, "body" + path(e), "the value of 'body" + path(e) + "' has the wrong type");
        }
        if (body.userId() != null && !body.userId().equals(userId)) {
            return fault(lineNo, "body.userId", "a batch's items belong to its owner; leave userId out");
        }
        try {
            GenerationRequested request = validator.validate(body, Lane.BULK, userId);
            bypass.check(request);
            return new Checked(new BatchItem(customId, lineNo, request), null);
        } catch (InvalidRequestException e) {
            return fault(lineNo, "body." + e.field(), e.getMessage());
        } catch (GuardBypassPolicy.GuardBypassRefusedException e) {
            return fault(lineNo, "body.enableBudgetGuard", e.getMessage());
        }
    }

    private static Checked fault(int line, String field, String message) {
        return new Checked(null, new LineError(line, field, message));
    }

    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            path.append(ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]");
        }
        return path.toString();
    }
}
