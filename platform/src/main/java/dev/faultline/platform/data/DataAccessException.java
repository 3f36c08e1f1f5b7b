package dev.faultline.platform.data;

import java.sql.SQLException;

/** A database operation failed for a reason the caller cannot fix (an unexpected 500). */
public final class DataAccessException extends RuntimeException {

    public DataAccessException(String message, SQLException cause) {
        super(message, cause);
    }
}
