package com.epchat.ingest.web;

/** Nothing to show, or nothing this caller may see (another user's job is not found, not forbidden): 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
