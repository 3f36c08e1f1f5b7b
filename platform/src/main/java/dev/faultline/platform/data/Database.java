package dev.faultline.platform.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.faultline.pki.OwnerOnly;
import dev.faultline.platform.http.PageRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A service's own SQLite database file, {@code <data-dir>/<service>.db}: the directory 0700 and the files 0600, and
 * secure delete on (what a row held before is overwritten, not left in a free page).
 *
 * <p>WAL journaling with {@code synchronous=NORMAL} means a committed transaction survives a crash of the
 * process, and several processes of one service (the two payments instances) can share the file. Write
 * transactions start {@code IMMEDIATE} and are serialized in the JVM, so only writers of other processes
 * ever wait on SQLite's busy timeout.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;
    /**
     * The pool seen through OpenTelemetry's JDBC instrumentation: a span per statement, literals removed (the
     * process's span pipeline keeps reads only when slow or failed, {@code observability/FastSqlReadFilter}).
     */
    private final DataSource traced;
    private final Path file;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private Database(HikariDataSource pool, DataSource traced, Path file) {
        this.pool = pool;
        this.traced = traced;
        this.file = file;
    }

    /**
     * Opens (creating when absent) the database of a service and applies its schema.
     *
     * @param dataDir        directory that holds the file; created when missing
     * @param name           file name without extension, the service name
     * @param schemaResource classpath resource with {@code ;}-separated, idempotent DDL and seed statements
     * @param openTelemetry  traces every statement (a span per query)
     */
    public static Database open(Path dataDir, String name, String schemaResource, OpenTelemetry openTelemetry) {
        // owner-only: SQLite gives its -wal and -shm files the database file's mode
        OwnerOnly.directory(dataDir);
        Path file = OwnerOnly.file(dataDir.resolve(name + ".db").toAbsolutePath());
        SQLiteConfig sqlite = new SQLiteConfig();
        // a deleted or overwritten row's bytes are overwritten too, not left in free pages
        sqlite.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
        dataSource.setUrl("jdbc:sqlite:" + file);

        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setPoolName(name + "-db");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(config);
        // a span per statement; none for taking a pooled connection, which takes microseconds and doubled the spans
        // of every read
        Database database = new Database(pool,
                JdbcTelemetry.builder(openTelemetry).setDataSourceInstrumenterEnabled(false).build().wrap(pool), file);
        database.applySchema(schemaResource);
        return database;
    }

    /** Runs a unit of work in one write transaction: committed when it returns, rolled back when it throws. */
    public <T> T write(Work<T> work) {
        return write(work, traced);
    }

    /** A write transaction that leaves no span: a background worker's bookkeeping (as {@link #readUntraced}). */
    public <T> T writeUntraced(Work<T> work) {
        return write(work, pool);
    }

    private <T> T write(Work<T> work, javax.sql.DataSource source) {
        writeLock.lock();
        try (Connection connection = source.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("Write to " + file.getFileName() + " failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Leaves no copy of deleted or overwritten data in the files: the write-ahead log checkpointed into the database
     * and truncated, the database rebuilt without free pages (VACUUM), outside any transaction.
     */
    public void compact() {
        writeLock.lock();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            statement.execute("VACUUM");
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new DataAccessException("Compacting " + file.getFileName() + " failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs read-only work that leaves no span: background polls, which would otherwise start a new trace every few
     * hundred milliseconds and bury the traces of requests.
     */
    public <T> T readUntraced(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DataAccessException("Read from " + file.getFileName() + " failed", e);
        }
    }

    /** Runs read-only work on a connection in auto-commit mode. */
    public <T> T read(Work<T> work) {
        try (Connection connection = traced.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DataAccessException("Read from " + file.getFileName() + " failed", e);
        }
    }

    /**
     * One page of a query and the total it pages through.
     *
     * @param page    which page
     * @param columns what to select
     * @param from    the {@code FROM} clause, with its {@code WHERE} (may use {@code ?} placeholders)
     * @param orderBy a total order, so pages neither overlap nor skip
     * @param row     turns a row into an entry
     * @param params  values for the placeholders of {@code from}
     */
    public <T> PageRequest.Page<T> page(PageRequest page, String columns, String from, String orderBy, Row<T> row,
                                        Object... params) {
        return read(connection -> {
            List<T> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + columns + " FROM " + from + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?")) {
                int next = bind(select, params);
                select.setInt(next, page.size());
                select.setLong(next + 1, page.offset());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        items.add(row.map(rows));
                    }
                }
            }
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM " + from)) {
                bind(count, params);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return page.of(items, rows.getLong(1));
                }
            }
        });
    }

    /** True when the database answers a trivial query; readiness uses it. */
    public boolean isHealthy() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether it was closed: background work on it should end. */
    public boolean isClosed() {
        return pool.isClosed();
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        pool.close();
    }

    private void applySchema(String schemaResource) {
        String script;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(schemaResource)) {
            if (in == null) {
                throw new IllegalStateException("Schema resource " + schemaResource + " is not on the classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : script.split(";")) {
                    if (!sql.isBlank()) {
                        statement.execute(sql);
                    }
                }
            }
            return null;
        });
    }

    private static int bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return params.length + 1;
    }

    /** Maps the current row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work done on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
