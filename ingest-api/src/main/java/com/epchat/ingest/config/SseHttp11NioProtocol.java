package com.epchat.ingest.config;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 NIO connector with a 2 KiB response buffer (and its char twin) per connection
 * instead of 8 KiB: an open SSE stream keeps both for hours, and ingest-api's answers are small
 * (a longer one is written in more pieces). {@code getDesiredBufferSize} is Tomcat's own hook for
 * this (its AJP connector uses it); the HTTP connector leaves it unset.
 */
public class SseHttp11NioProtocol extends Http11NioProtocol {

    static final int RESPONSE_BUFFER = 2_048;

    @Override
    public int getDesiredBufferSize() {
        return RESPONSE_BUFFER;
    }
}
