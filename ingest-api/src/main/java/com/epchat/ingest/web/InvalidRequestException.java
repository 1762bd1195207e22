package com.epchat.ingest.web;

/** Bad input from a client: answered 400 with the offending field named. */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
