package com.epchat.ingest.batches;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One bad line of an uploaded batch file.
 *
 * @param line 1-based line number in the file
 * @param field the field at fault ({@code custom_id}, {@code body.maxTokens}, ...); null when the
 *     line as a whole is ({@code not JSON}, too long)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineError(int line, String field, String message) {
}
