package com.marketlens.refine;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Salted SHA-256 pseudonyms (HMAC-SHA-256 keyed with the salt). User ids are unique within a site
 * only, so a user's pseudonym covers (site, user id); the same user gets the same pseudonym in
 * every table. Without the salt a pseudonym cannot be reversed by hashing guessed ids. {@link
 * #toString()} never shows the salt.
 */
public final class Pseudonymizer implements Serializable {

  private static final long serialVersionUID = 1L;

  private final byte[] salt;
  private transient Mac mac;

  public Pseudonymizer(String salt) {
    this.salt = salt.getBytes(StandardCharsets.UTF_8);
  }

  /** The pseudonym of a user of a site (64 hex characters). */
  public String userKey(String site, String userId) {
    return hash("user\u0000" + site + "\u0000" + userId);
  }

  /** The salted hash of an IP address in canonical form. */
  public String ipHash(String canonicalIp) {
    return hash("ip\u0000" + canonicalIp);
  }

  private String hash(String value) {
    if (mac == null) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
      }
    }
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return "Pseudonymizer[salt=****]";
  }
}
