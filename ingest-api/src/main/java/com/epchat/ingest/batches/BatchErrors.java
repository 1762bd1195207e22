package com.epchat.ingest.batches;

import com.epchat.ingest.web.ApiError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The batch endpoints' own error answers: 400 {@code invalid_batch} with line numbers, 409, 503. */
@RestControllerAdvice(assignableTypes = BatchesController.class)
class BatchErrors {

    @ExceptionHandler(InvalidBatchException.class)
    ResponseEntity<Map<String, Object>> invalidBatch(InvalidBatchException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_batch");
        body.put("message", e.getMessage());
        body.put("invalidLines", e.invalidLines());
        body.put("lines", e.lines());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<ApiError> conflict(Conflict e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(e.code, null, e.getMessage()));
    }

    @ExceptionHandler(Unavailable.class)
    ResponseEntity<ApiError> unavailable(Unavailable e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, "5").body(new ApiError(e.code, null, e.getMessage()));
    }

    /** 409: the batch has ended, or the same Idempotency-Key is being submitted right now. */
    static class Conflict extends RuntimeException {

        final String code;

        Conflict(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** 503: the batch could not be queued, or every results download slot is busy. */
    static class Unavailable extends RuntimeException {

        final String code;

        Unavailable(String code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }
    }
}
