package com.marketlens.parse;

import static com.marketlens.quality.QuarantineReason.BAD_IP;

import java.util.Locale;

/**
 * IP address parsing without any name lookup. The network prefix kept in silver is the /24 of an
 * IPv4 address and the /48 of an IPv6 address; the full address only survives as a salted hash.
 */
public final class IpAddresses {

  /** A parsed address: its canonical text (the input to the salted hash) and its network prefix. */
  public record Ip(String canonical, String prefix) {}

  private IpAddresses() {}

  public static Ip parse(String raw) throws Reject {
    String s = Text.clean(raw);
    if (s == null) {
      throw new Reject(BAD_IP, "empty ip");
    }
    Ip ip = s.indexOf(':') >= 0 ? ipv6(s.toLowerCase(Locale.ROOT)) : ipv4(s);
    if (ip == null) {
      throw new Reject(BAD_IP, "not an IPv4 or IPv6 address");
    }
    return ip;
  }

  private static Ip ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] octets = new int[4];
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty()
          || parts[i].length() > 3
          || !parts[i].chars().allMatch(Character::isDigit)) {
        return null;
      }
      octets[i] = Integer.parseInt(parts[i]);
      if (octets[i] > 255) {
        return null;
      }
    }
    String canonical = octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3];
    return new Ip(canonical, octets[0] + "." + octets[1] + "." + octets[2] + ".0/24");
  }

  private static Ip ipv6(String s) {
    int[] groups = new int[8];
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap >= 0 ? s.substring(0, gap) : s;
    String tail = gap >= 0 ? s.substring(gap + 2) : "";
    String[] headParts = head.isEmpty() ? new String[0] : head.split(":", -1);
    String[] tailParts = tail.isEmpty() ? new String[0] : tail.split(":", -1);
    int count = headParts.length + tailParts.length;
    if ((gap < 0 && count != 8) || (gap >= 0 && count > 7)) {
      return null;
    }
    for (int i = 0; i < headParts.length; i++) {
      if ((groups[i] = hexGroup(headParts[i])) < 0) {
        return null;
      }
    }
    for (int i = 0; i < tailParts.length; i++) {
      if ((groups[8 - tailParts.length + i] = hexGroup(tailParts[i])) < 0) {
        return null;
      }
    }
    StringBuilder canonical = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      canonical.append(i == 0 ? "" : ":").append(Integer.toHexString(groups[i]));
    }
    String prefix =
        Integer.toHexString(groups[0])
            + ":"
            + Integer.toHexString(groups[1])
            + ":"
            + Integer.toHexString(groups[2])
            + "::/48";
    return new Ip(canonical.toString(), prefix);
  }

  private static int hexGroup(String part) {
    if (part.isEmpty()
        || part.length() > 4
        || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return -1;
    }
    return Integer.parseInt(part, 16);
  }
}
