package com.epchat.ingest.security;

import com.epchat.ingest.web.ForbiddenException;
import java.util.Arrays;
import java.util.Set;

/**
 * The caller behind an API key: the user its jobs belong to and what it may do. Controllers get it
 * with {@code @AuthenticationPrincipal ApiUser user}.
 */
public record ApiUser(String userId, Set<Role> roles) {

    public ApiUser {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** A job is visible to its owner and to admins; to anyone else it does not exist (404). */
    public boolean mayAccessJobOf(String ownerUserId) {
        return userId.equals(ownerUserId) || has(Role.ADMIN);
    }

    /** Keys are bound to a user; only an admin key may submit a job for another user. */
    public boolean maySubmitFor(String requestedUserId) {
        return userId.equals(requestedUserId) || has(Role.ADMIN);
    }

    /** For endpoints behind a role (the cost report: finance or admin); 403 otherwise. */
    public void requireAny(Role... allowed) {
        if (Arrays.stream(allowed).noneMatch(this::has)) {
            throw new ForbiddenException("Authorization", "this needs an API key with the role "
                    + String.join(" or ", Arrays.stream(allowed).map(Role::label).toList()));
        }
    }

    @Override
    public String toString() {
        return userId + roles;
    }
}
