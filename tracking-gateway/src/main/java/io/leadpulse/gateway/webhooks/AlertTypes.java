package io.leadpulse.gateway.webhooks;

import java.util.List;

/**
 * The alert types of contract section 3, the ones a subscription may ask for. The detection job names them too; the
 * gateway does not depend on it, so the contract's list is spelled here once for the gateway.
 */
final class AlertTypes {
    static final List<String> ALL = List.of("content.reached", "lead.deep_read", "lead.activated", "lead.silent",
            "lead.first_response_overdue", "rep.overloaded");

    private AlertTypes() {
    }
}
