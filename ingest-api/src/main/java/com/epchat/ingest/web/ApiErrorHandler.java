package com.epchat.ingest.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.DatabindException;

/** Turns bad input into a JSON error that names the field, never a stack trace. */
@RestControllerAdvice
class ApiErrorHandler {

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ApiError> invalid(InvalidRequestException e) {
        return json(HttpStatus.BAD_REQUEST, new ApiError("invalid_request", e.field(), e.getMessage()));
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ApiError> forbidden(ForbiddenException e) {
        return json(HttpStatus.FORBIDDEN, new ApiError("forbidden", e.field(), e.getMessage()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return json(HttpStatus.NOT_FOUND, new ApiError("not_found", null, e.getMessage()));
    }

    /** JSON even where the endpoint produces text/event-stream and the client accepts only that. */
    private static ResponseEntity<ApiError> json(HttpStatus status, ApiError body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        String field = e.getCause() instanceof DatabindException db && !db.getPath().isEmpty()
                ? db.getPath().stream().map(ref -> ref.getPropertyName() != null ? ref.getPropertyName()
                        : "[" + ref.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                        .orElse(null)
                : null;
        String message = field == null ? "the body is not valid JSON" : "the value of '" + field + "' has the wrong type";
        return ResponseEntity.badRequest().body(new ApiError("invalid_json", field, message));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(new ApiError("unsupported_media_type", "Content-Type",
                        "send the body as application/json, not " + e.getContentType()));
    }
}
