package com.epchat.ingest.costreport;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/cost-report?from&to&groupBy=user|model|hour|day}: totals and a breakdown of the
 * period from the finance rollups, as JSON or, with {@code Accept: text/csv}, as CSV. Only callers in
 * the {@code finance} or {@code admin} role get it (403 otherwise); the roles are the servlet
 * request's ({@link HttpServletRequest#isUserInRole}), which the authentication layer sets.
 * A malformed, misaligned or inverted period, or an unknown groupBy, is a 400 naming the parameter.
 */
@RestController
class CostReportController {

    static final List<String> ROLES = List.of("finance", "admin");

    private final CostReporter reporter;
    private final CostReportProperties properties;
    private final Clock clock;

    @Autowired
    CostReportController(CostReporter reporter, CostReportProperties properties) {
        this(reporter, properties, Clock.systemUTC());
    }

    CostReportController(CostReporter reporter, CostReportProperties properties, Clock clock) {
        this.reporter = reporter;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/cost-report")
    ResponseEntity<?> report(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String groupBy,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept, HttpServletRequest request) {
        requireRole(request);
        ReportQuery query = ReportQuery.parse(from, to, groupBy, properties.zone(), clock);
        CostReport report = reporter.report(query);
        if (wantsCsv(accept)) {
            String name = "cost-report-" + query.groupBy().label() + "-" + query.from() + "-" + query.to() + ".csv";
            return ResponseEntity.ok()
                    .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name.replace(':', '-') + "\"")
                    .body(CostReportCsv.write(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    private static void requireRole(HttpServletRequest request) {
        if (ROLES.stream().anyMatch(request::isUserInRole)) {
            return;
        }
        String who = request.getUserPrincipal() == null ? "an unauthenticated caller"
                : "caller '" + request.getUserPrincipal().getName() + "'";
        throw new CostReportException(HttpStatus.FORBIDDEN, "forbidden", "role",
                "the cost report needs the finance or admin role, which " + who + " does not have");
    }

    /** CSV when the client ranks text/csv above JSON; JSON otherwise (also for a missing or * / * Accept). */
    static boolean wantsCsv(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (RuntimeException e) {
            return false;
        }
        // highest quality first; at equal quality a concrete type before a wildcard
        types = types.stream().sorted(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed()
                .thenComparing(MediaType::isWildcardType).thenComparing(MediaType::isWildcardSubtype)).toList();
        for (MediaType type : types) {
            if (type.isWildcardType()) {
                return false;
            }
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                return true;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return false;
            }
        }
        return false;
    }
}
