package com.epchat.ingest.flags;

import com.epchat.ingest.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/config}, for admins only: the live flags, the effective configuration and the
 * deployment's variables with secrets masked ({@link ConfigReport}); 403 for anyone else. Who is an
 * admin is the servlet's business ({@code request.isUserInRole}): the API-key authentication in front of
 * the controllers decides it.
 */
@RestController
class ConfigController {

    private final ConfigReport report;

    ConfigController(ConfigReport report) {
        this.report = report;
    }

    @GetMapping("/api/config")
    ResponseEntity<?> config(HttpServletRequest request) {
        if (!isAdmin(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(new ApiError("forbidden", "Authorization",
                    "GET /api/config needs an API key with the role admin"));
        }
        Map<String, Object> body = report.build();
        return ResponseEntity.ok(body);
    }

    static boolean isAdmin(HttpServletRequest request) {
        return request.isUserInRole("admin") || request.isUserInRole("ADMIN");
    }
}
