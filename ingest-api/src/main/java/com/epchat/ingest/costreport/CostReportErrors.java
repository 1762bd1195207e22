package com.epchat.ingest.costreport;

import com.epchat.ingest.web.ApiError;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The cost report's 400/403/503 as the API's usual JSON error. The content type is set explicitly so
 * that a client that asked for {@code text/csv} still gets the reason rather than a bare 406.
 */
@RestControllerAdvice(assignableTypes = CostReportController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class CostReportErrors {

    @ExceptionHandler(CostReportException.class)
    ResponseEntity<ApiError> refused(CostReportException e) {
        var answer = ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON);
        if (e.status.value() == 503) {
            answer.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return answer.body(new ApiError(e.error, e.field, e.getMessage()));
    }
}
