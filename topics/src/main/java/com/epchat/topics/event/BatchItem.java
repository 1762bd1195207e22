package com.epchat.topics.event;

/**
 * One valid line of an uploaded batch file.
 *
 * @param request the line's request as ingest-api validated it (lane {@code bulk}, the batch's owner,
 *     the model, messages, {@code maxTokens}, the worst-case estimate); its {@code jobId} and
 *     {@code batch} are set by batch-coordinator when it dispatches the item
 */
public record BatchItem(String customId, int line, GenerationRequested request) {
}
