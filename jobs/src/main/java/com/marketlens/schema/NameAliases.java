package com.marketlens.schema;

import com.marketlens.parse.Text;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Canonical site and vendor names. A name is matched case-insensitively, after NFKC clean-up and
 * with a trailing {@code .com} dropped, against the shipped alias table ({@code
 * schemas/reference/name_aliases.csv}); an unknown name is kept in that normalized form, never
 * dropped.
 */
public final class NameAliases implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Map<String, String> canonicalByKindAndAlias;

  /**
   * @param aliases rows of (kind, alias, canonical), e.g. ("site", "开心网", "kaixin001")
   */
  public NameAliases(Iterable<String[]> aliases) {
    Map<String, String> map = new HashMap<>();
    for (String[] row : aliases) {
      map.put(row[0] + "|" + normalize(row[1]), normalize(row[2]));
    }
    this.canonicalByKindAndAlias = map;
  }

  /** The normalized form of a name: cleaned, lower case, without a trailing {@code .com}. */
  public static String normalize(String raw) {
    String s = Text.clean(raw);
    if (s == null) {
      return null;
    }
    s = s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    return s.endsWith(".com") ? s.substring(0, s.length() - 4).strip() : s;
  }

  /**
   * The canonical name of a site or vendor ({@code kind} is "site" or "vendor"); null stays null.
   */
  public String canonical(String kind, String raw) {
    String normalized = normalize(raw);
    if (normalized == null) {
      return null;
    }
    return canonicalByKindAndAlias.getOrDefault(kind + "|" + normalized, normalized);
  }
}
