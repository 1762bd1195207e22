package com.epchat.topics.event;

/** Which queue a job travels in: interactive jobs never wait behind bulk ones. */
public enum Lane {
    INTERACTIVE,
    BULK
}
