package io.leadpulse.sinks.webhooks;

import java.io.IOException;

/** The target's host resolves to an address webhooks may not reach (loopback, private, link-local, ...). */
public final class BlockedAddressException extends IOException {
    public BlockedAddressException(String message) {
        super(message);
    }
}
