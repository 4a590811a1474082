package io.leadpulse.schemas.serde;

/** Bytes that are not a record of the expected type, with the reason in the message. */
public final class InvalidRecordException extends RuntimeException {
    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
