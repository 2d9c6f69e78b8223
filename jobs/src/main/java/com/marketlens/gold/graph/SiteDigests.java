package com.marketlens.gold.graph;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import com.marketlens.gold.Months;
import java.util.HashSet;
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

  private SiteDigests() {}

  /** Separates a site's digest from its digests per month. */
  private static final String MONTHS = " months:";

  /**
   * Site to "users:rows:hash relations:rows:hash months:m=rows:hash,...", the hash being the sum of
   * the rows' 64-bit hashes (order-free; as a decimal, so it cannot overflow). The digests per
   * month (index of {@link Months#index}) cover what the monthly snapshots of cohort_graph_growth
   * read: users by registration month (key, registration time) and relations by creation month (the
   * pair of users either way round, creation time). One small aggregate per table and one per
   * month; a row per site and month reaches the driver.
   */
  static Map<String, String> of(Dataset<Row> users, Dataset<Row> relations) {
    Dataset<Row> u = digest(users, "users", USER_COLUMNS);
    Dataset<Row> r = digest(relations, "relations", RELATION_COLUMNS);
    Map<String, String> out = new TreeMap<>();
    u.join(r, new String[] {"site"}, "full_outer")
        .select(
            col("site"),
            concat_ws(
                " ",
                coalesce(col("users"), lit("users:0")),
                coalesce(col("relations"), lit("relations:0"))))
        .collectAsList()
        .forEach(row -> out.put(row.getString(0), row.getString(1)));
    Map<String, Map<String, String>> months = new TreeMap<>();
    monthly(users, relations)
        .collectAsList()
        .forEach(
            row ->
                months
                    .computeIfAbsent(row.getString(0), site -> new TreeMap<>())
                    .put(row.isNullAt(1) ? "-" : String.valueOf(row.getInt(1)), row.getString(2)));
    months.forEach(
        (site, digests) -> {
          StringBuilder text = new StringBuilder(MONTHS);
          digests.forEach((m, d) -> text.append(m).append('=').append(d).append(','));
          out.merge(site, text.toString(), String::concat);
        });
    return out;
  }

  private static Dataset<Row> monthly(Dataset<Row> users, Dataset<Row> relations) {
    Dataset<Row> userMonths =
        users.select(
            col("site"),
            Months.index(col("registered_at")).as("m"),
            xxhash64(lit("user"), col("user_key"), col("registered_at")).as("h"));
    Dataset<Row> relationMonths =
        relations.select(
            col("site"),
            Months.index(col("created_at")).as("m"),
            xxhash64(
                    lit("relation"),
                    least(col("src_user_key"), col("dst_user_key")),
                    greatest(col("src_user_key"), col("dst_user_key")),
                    col("created_at"))
                .as("h"));
    return userMonths
        .unionByName(relationMonths)
        .groupBy("site", "m")
        .agg(concat_ws(":", count(lit(1)), sum(col("h").cast("decimal(38,0)"))).as("d"))
        .select("site", "m", "d");
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

  private static Dataset<Row> digest(Dataset<Row> rows, String name, String[] columns) {
    Column[] cols = new Column[columns.length];
    for (int i = 0; i < columns.length; i++) {
      cols[i] = col(columns[i]);
    }
    return rows.groupBy("site")
        .agg(
            concat_ws(":", lit(name), count(lit(1)), sum(xxhash64(cols).cast("decimal(38,0)")))
                .as(name));
  }

  /** Sites whose digest differs between {@code before} and {@code now}: new, changed or gone. */
  static Set<String> changed(Map<String, String> before, Map<String, String> now) {
    Set<String> sites = new HashSet<>(before.keySet());
    sites.addAll(now.keySet());
    sites.removeIf(site -> before.getOrDefault(site, "").equals(now.getOrDefault(site, "")));
    return sites;
  }
}
