package com.marketlens.gold.graph;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import com.marketlens.gold.Months;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A digest per site of the silver rows the graph tables are computed from. Sites never share an
 * edge, so every graph metric of a site depends on that site's users and relations alone: a site
 * whose digest did not change keeps its rows, and only the others are recomputed.
 */
final class SiteDigests {

  /** The columns the graph job reads: a change elsewhere (a scrape date) changes no metric. */
  private static final String[] USER_COLUMNS = {
    "site", "user_key", "registered_at", "org", "segment"
  };

  private static final String[] RELATION_COLUMNS = {
    "site", "src_user_key", "dst_user_key", "relation", "created_at"
  };

  /** Separates a site's digest from its digests per month. */
  private static final String MONTHS = " months:";

  private SiteDigests() {}

  /**
   * Site to "users:rows:hash relations:rows:hash months:m=rows:hash,...", the hash being the sum of
   * the rows' 64-bit hashes (order-free; as a decimal, so it cannot overflow). The digests per
   * month (index of {@link Months#index}) cover what the monthly snapshots of cohort_graph_growth
   * read: users by registration month (key, registration time) and relations by creation month (the
   * pair of users either way round, creation time). One aggregate over both tables, each scanned
   * once; a row per table, site and month reaches the driver, which adds the months up per site.
   */
  static Map<String, String> of(Dataset<Row> users, Dataset<Row> relations) {
    Dataset<Row> sums =
        byMonth(
                users,
                "users",
                USER_COLUMNS,
                Months.index(col("registered_at")),
                xxhash64(lit("user"), col("user_key"), col("registered_at")))
            .unionByName(
                byMonth(
                    relations,
                    "relations",
                    RELATION_COLUMNS,
                    Months.index(col("created_at")),
                    xxhash64(
                        lit("relation"),
                        least(col("src_user_key"), col("dst_user_key")),
                        greatest(col("src_user_key"), col("dst_user_key")),
                        col("created_at"))));
    Map<String, Map<String, Sum>> bySite = new TreeMap<>();
    Map<String, Map<String, Sum>> byMonth = new TreeMap<>();
    for (Row row : sums.collectAsList()) {
      String site = row.getString(1);
      String month = row.isNullAt(2) ? "-" : String.valueOf(row.getInt(2));
      bySite
          .computeIfAbsent(site, k -> new TreeMap<>())
          .merge(row.getString(0), new Sum(row.getLong(3), row.getDecimal(4)), Sum::plus);
      byMonth
          .computeIfAbsent(site, k -> new TreeMap<>())
          .merge(month, new Sum(row.getLong(3), row.getDecimal(5)), Sum::plus);
    }
    Map<String, String> out = new TreeMap<>();
    bySite.forEach(
        (site, tables) -> {
          StringBuilder text = new StringBuilder();
          for (String table : List.of("users", "relations")) {
            Sum sum = tables.get(table);
            text.append(table).append(':').append(sum == null ? "0" : sum).append(' ');
          }
          text.setLength(text.length() - 1);
          text.append(MONTHS);
          byMonth.get(site).forEach((m, sum) -> text.append(m).append('=').append(sum).append(','));
          out.put(site, text.toString());
        });
    return out;
  }

  /** Rows and hash sum of some rows, printed "rows:hash". */
  private record Sum(long rows, BigDecimal hash) {
    Sum plus(Sum other) {
      return new Sum(rows + other.rows, hash.add(other.hash));
    }

    @Override
    public String toString() {
      return rows + ":" + hash.toPlainString();
    }
  }

  /**
   * Per site and month of {@code rows}: (table, site, m, rows, the sum of the hashes of {@code
   * columns}, the sum of {@code monthHash}).
   */
  private static Dataset<Row> byMonth(
      Dataset<Row> rows, String table, String[] columns, Column month, Column monthHash) {
    Column[] cols = new Column[columns.length];
    for (int i = 0; i < columns.length; i++) {
      cols[i] = col(columns[i]);
    }
    return rows.select(
            col("site"),
            month.as("m"),
            xxhash64(cols).cast("decimal(38,0)").as("h"),
            monthHash.cast("decimal(38,0)").as("mh"))
        .groupBy("site", "m")
        .agg(count(lit(1)).as("n"), sum("h").as("h"), sum("mh").as("mh"))
        .select(lit(table).as("table"), col("site"), col("m"), col("n"), col("h"), col("mh"));
  }

  /**
   * The first month whose rows differ between two digests of a site: empty when every month's rows
   * are the same (the monthly snapshots did not change), {@link Integer#MIN_VALUE} when it cannot
   * be told (a digest without months, as recorded before they were kept, or rows without a month).
   */
  static Optional<Integer> firstChangedMonth(String before, String now) {
    Map<String, String> a = months(before);
    Map<String, String> b = months(now);
    if (a == null || b == null) {
      return Optional.of(Integer.MIN_VALUE);
    }
    Set<String> all = new HashSet<>(a.keySet());
    all.addAll(b.keySet());
    all.removeIf(m -> a.getOrDefault(m, "").equals(b.getOrDefault(m, "")));
    if (all.contains("-")) {
      return Optional.of(Integer.MIN_VALUE);
    }
    return all.stream().map(Integer::valueOf).min(Integer::compare);
  }

  /** Month to digest, or null when the digest has no months. */
  private static Map<String, String> months(String digest) {
    int at = digest == null ? -1 : digest.indexOf(MONTHS);
    if (at < 0) {
      return digest == null ? Map.of() : null;
    }
    Map<String, String> out = new TreeMap<>();
    for (String entry : digest.substring(at + MONTHS.length()).split(",")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        out.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return out;
  }

  /** Sites whose digest differs between {@code before} and {@code now}: new, changed or gone. */
  static Set<String> changed(Map<String, String> before, Map<String, String> now) {
    Set<String> sites = new HashSet<>(before.keySet());
    sites.addAll(now.keySet());
    sites.removeIf(site -> before.getOrDefault(site, "").equals(now.getOrDefault(site, "")));
    return sites;
  }
}
