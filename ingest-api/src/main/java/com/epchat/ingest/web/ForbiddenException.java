package com.epchat.ingest.web;

/** The caller is known but may not do this: answered 403, naming the field at fault if any. */
public class ForbiddenException extends RuntimeException {

    private final String field;

    public ForbiddenException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
