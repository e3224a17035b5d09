package dev.chimera.storage.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The keyset-paginated listing of a tenant's jobs, newest first, served by index jobs_listing_by_tenant. */
final class JobListing {

    private JobListing() {
    }

    static JobPage page(Connection connection, String tenantId, JobFilter filter, Optional<PageCursor> after,
                        int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + JobRows.JOB_COLUMNS + " FROM jobs WHERE tenant_id = ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(tenantId);
        filter.status().ifPresent(status -> {
            sql.append(" AND status = ?");
            parameters.add(status.wireName());
        });
        filter.kind().ifPresent(kind -> {
            sql.append(" AND kind = ?");
            parameters.add(kind.wireName());
        });
        after.ifPresent(cursor -> {
            // Row comparison: strictly older, or as old with a smaller id, so ties on created_at never repeat a job.
            sql.append(" AND (created_at, id) < (?, ?)");
            parameters.add(OffsetDateTime.ofInstant(cursor.createdAt(), ZoneOffset.UTC));
            parameters.add(cursor.id());
        });
        // One row more than asked tells whether another page exists.
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        parameters.add(limit + 1);

        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    jobs.add(JobRows.job(rows));
                }
            }
            if (jobs.size() <= limit) {
                return new JobPage(jobs, Optional.empty());
            }
            List<Job> page = jobs.subList(0, limit);
            Job last = page.get(limit - 1);
            return new JobPage(page, Optional.of(new PageCursor(last.createdAt(), last.id())));
        }
    }
}
