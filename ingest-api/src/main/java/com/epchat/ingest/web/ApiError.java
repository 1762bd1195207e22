package com.epchat.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every 4xx/5xx answer: a stable code, the field at fault if any, a sentence. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, String message) {
}
