package dev.chimera.storage.jobs;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jboss.logging.Logger;

/**
 * The PostgreSQL database behind jobs, tenants and the outbox: one Agroal connection pool, the Flyway schema, and
 * the transaction boundary every store uses. Open one per process and share it.
 */
public final class JobDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobDatabase.class);
    private static final int MAX_CONNECTIONS = 16;
    // Short enough that a caller learns the database is gone in seconds instead of hanging; login must be shorter.
    private static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(3);
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;
    private static final Duration IDLE_VALIDATION = Duration.ofSeconds(1);

    /** One unit of JDBC work run on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final AgroalDataSource dataSource;
    private final DatabaseSettings settings;

    private JobDatabase(AgroalDataSource dataSource, DatabaseSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /** Creates the connection pool; no connection is made until the first use. */
    public static JobDatabase open(DatabaseSettings settings) {
        var configuration = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .initialSize(0)
                        .minSize(0)
                        .maxSize(MAX_CONNECTIONS)
                        .acquisitionTimeout(ACQUISITION_TIMEOUT)
                        // A connection idle for a moment is validated before it is lent, so connections that died
                        // with a server restart are dropped and the pool recovers by itself once PostgreSQL is back;
                        // one in steady use is not (a validation round trip per borrow halved the polls per second),
                        // and if it died anyway the exception sorter drops it at its first error.
                        .idleValidationTimeout(IDLE_VALIDATION)
                        .connectionValidator(
                                ConnectionValidator.defaultValidatorWithTimeout(VALIDATION_TIMEOUT_SECONDS))
                        .exceptionSorter(new PostgreSQLExceptionSorter())
                        .connectionFactoryConfiguration(factory -> factory
                                .jdbcUrl(settings.jdbcUrl())
                                .principal(new NamePrincipal(settings.user()))
                                .credential(new SimplePassword(settings.password()))
                                .loginTimeout(LOGIN_TIMEOUT)
                                .autoCommit(true)));
        try {
            return new JobDatabase(AgroalDataSource.from(configuration), settings);
        } catch (SQLException e) {
            throw new JobStoreException("cannot create the connection pool for " + settings.jdbcUrl(), e);
        }
    }

    /**
     * Opens the database with {@code schema} as the connections' current schema (see
     * {@link DatabaseSettings#inSchema}), creating the schema when it is missing.
     */
    public static JobDatabase openInSchema(DatabaseSettings settings, String schema) {
        JobDatabase database = open(settings.inSchema(schema));
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            database.close();
            throw new JobStoreException("cannot create the database schema " + schema, e);
        }
        return database;
    }

    /** Applies every pending schema migration from {@code db/migration}; safe to call from several processes. */
    public void migrate() {
        try {
            var result = Flyway.configure(JobDatabase.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            LOG.infof("schema migrated url=%s applied=%d version=%s",
                    jdbcUrl(), result.migrationsExecuted, result.targetSchemaVersion);
        } catch (FlywayException e) {
            throw isConnectionFailure(e)
                    ? new JobStoreUnavailableException(jdbcUrl(), e)
                    : new JobStoreException("schema migration failed on " + jdbcUrl(), e);
        }
    }

    /** The JDBC URL this database was opened with, for messages and health checks. */
    public String jdbcUrl() {
        return settings.jdbcUrl();
    }

    /**
     * A connection of its own, outside the pool, for a caller that holds it for a long time and leaves session state
     * on it (a LISTEN); the caller closes it. It shows in {@code pg_stat_activity} as {@code applicationName}. TCP
     * keep-alive is on, so a server that vanished is noticed.
     */
    public Connection openDedicatedConnection(String applicationName) throws SQLException {
        Properties login = new Properties();
        login.setProperty("ApplicationName", applicationName);
        login.setProperty("user", settings.user());
        login.setProperty("password", settings.password());
        login.setProperty("loginTimeout", Long.toString(LOGIN_TIMEOUT.toSeconds()));
        login.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(settings.jdbcUrl(), login);
    }

    /** The pool, for code that needs plain JDBC (health checks, tests). */
    public AgroalDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs {@code work} with auto-commit: for single statements and reads. */
    <T> T autoCommit(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private JobStoreException translate(SQLException e) {
        return isConnectionFailure(e)
                ? new JobStoreUnavailableException(jdbcUrl(), e)
                : new JobStoreException("job database operation failed: " + e.getMessage(), e);
    }

    /**
     * True for errors that mean "no server to talk to": SQLSTATE class 08 (connection exception), 57P0x (server
     * shutting down or restarting), and the pool's acquisition timeout, which is how Agroal reports that it could
     * not open a connection in time.
     */
    static boolean isConnectionFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                if (state == null && String.valueOf(sql.getMessage()).contains("acquisition timeout")) {
                    return true;
                }
            }
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
