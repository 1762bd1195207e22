package com.epchat.ingest.costreport;

import org.springframework.http.HttpStatus;

/** A cost report that cannot be given: the status, a stable code, the parameter at fault, a sentence. */
class CostReportException extends RuntimeException {

    final HttpStatus status;
    final String error;
    final String field;

    CostReportException(HttpStatus status, String error, String field, String message) {
        super(message);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    static CostReportException badRequest(String field, String message) {
        return new CostReportException(HttpStatus.BAD_REQUEST, "invalid_request", field, message);
    }
}
