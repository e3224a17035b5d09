package dev.chimera.gateway.rest;

import java.util.List;

/** One page of a tenant's jobs, newest first; {@code next} is the URL of the following page, absent on the last. */
public record JobList(List<JobView> items, String nextCursor, String next) {
}
