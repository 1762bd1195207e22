package com.epchat.topics.event;

/** The kinds of {@link ChunkEvent}. */
public enum ChunkType {
    DELTA,
    ROUND,
    DONE,
    ERROR
}
