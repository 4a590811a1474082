package io.leadpulse.gateway.redirect;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Click ids the gateway issues and can verify without state: {@code <code>.<random>.<mac>}, where the mac is a
 * truncated HMAC-SHA256 of the first two parts. A beacon carrying a forged or altered id is recognised as such.
 */
public final class ClickIds {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int RANDOM_BYTES = 9;
    private static final int MAC_BYTES = 12;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public ClickIds(byte[] signingKey) {
        this.key = new SecretKeySpec(signingKey.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A new, signed click id for a click on the link with this code. */
    public String issue(String code) {
        byte[] nonce = RandomIds.bytes(RANDOM_BYTES);
        String payload = code + "." + ENCODER.encodeToString(nonce);
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /** Whether this id was issued by a gateway holding the same key. */
    public boolean isGenuine(String clickId) {
        if (clickId == null || clickId.length() > 128) {
            return false;
        }
        int lastDot = clickId.lastIndexOf('.');
        if (lastDot <= 0 || clickId.indexOf('.') == lastDot) {
            return false;
        }
        byte[] presented;
        try {
            presented = DECODER.decode(clickId.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(clickId.substring(0, lastDot)), presented);
    }

    /** The link code a genuine click id was issued for. */
    public static String codeOf(String clickId) {
        return clickId.substring(0, clickId.indexOf('.'));
    }

    private byte[] mac(String payload) {
        byte[] full = macs.get().doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOf(full, MAC_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + ALGORITHM, e);
        }
    }
}
