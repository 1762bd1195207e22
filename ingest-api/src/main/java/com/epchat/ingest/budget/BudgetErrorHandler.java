package com.epchat.ingest.budget;

import com.epchat.ingest.web.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A caller who may not turn the budget guard off gets 403 naming the field, and nothing is published. */
@RestControllerAdvice
class BudgetErrorHandler {

    @ExceptionHandler(GuardBypassPolicy.GuardBypassRefusedException.class)
    ResponseEntity<ApiError> bypassRefused(GuardBypassPolicy.GuardBypassRefusedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(new ApiError("budget_guard_required", "enableBudgetGuard", e.getMessage()));
    }
}
