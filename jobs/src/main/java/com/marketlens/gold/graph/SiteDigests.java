package com.marketlens.gold.graph;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.HashSet;
import java.util.Map;
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

  /**
   * Site to "users:rows:hash relations:rows:hash", the hash being the sum of the rows' 64-bit
   * hashes (order-free; as a decimal, so it cannot overflow). One small aggregate per table; a row
   * per site reaches the driver.
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
