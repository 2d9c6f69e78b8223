import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark helper (bench/run): computes cohort_retention (monthly grain) and growth_accounting in DuckDB
 * from the same silver data Spark used (the active Parquet files of the silver Delta tables), times each
 * query, and checks that DuckDB's rows equal Spark's exported gold rows exactly (rates to 12 decimals).
 * Prints one JSON object: {"cohort_retention": {"seconds": s, "rows": n, "mismatches": 0}, ...}.
 * Usage: java -cp duckdb_jdbc.jar bench/DuckDbCompare.java WAREHOUSE EXPORTS
 */
public class DuckDbCompare {

  /** Data files of the current version of a Delta table, replayed from its JSON commits. */
  static List<String> activeFiles(Path table) throws Exception {
    TreeSet<String> files = new TreeSet<>();
    Pattern add = Pattern.compile("\"add\":\\{\"path\":\"([^\"]+)\"");
    Pattern remove = Pattern.compile("\"remove\":\\{\"path\":\"([^\"]+)\"");
    try (Stream<Path> log = Files.list(table.resolve("_delta_log"))) {
      for (Path commit : log.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(commit)) {
          Matcher a = add.matcher(line);
          if (a.find()) {
            files.add(java.net.URLDecoder.decode(a.group(1), "UTF-8"));
          }
          Matcher r = remove.matcher(line);
          if (r.find()) {
            files.remove(java.net.URLDecoder.decode(r.group(1), "UTF-8"));
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String f : files) {
      out.add("'" + table.resolve(f) + "'");
    }
    return out;
  }

  static final String EVENTS = "('login', 'post', 'feed_view', 'game')";

  public static void main(String[] args) throws Exception {
    Path warehouse = Path.of(args[0]);
    Path exports = Path.of(args[1]);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = 2");
      s.execute("CREATE VIEW users AS SELECT site, user_key, segment, channel, registered_month AS cohort FROM"
          + " read_parquet([" + String.join(",", activeFiles(warehouse.resolve("silver/sns_users"))) + "])");
      s.execute("CREATE VIEW activity AS SELECT site, user_key, event_month, event_type FROM read_parquet(["
          + String.join(",", activeFiles(warehouse.resolve("silver/sns_activity"))) + "])");
      // The 95% Wilson score interval of x of n (docs/metrics.md#cohort_retention), z = 1.959964.
      s.execute("CREATE MACRO wilson_centre(x, n) AS (x / n + 1.959964 ^ 2 / (2 * n)) / (1 + 1.959964 ^ 2 / n)");
      s.execute("CREATE MACRO wilson_half(x, n) AS 1.959964 / (1 + 1.959964 ^ 2 / n)"
          + " * sqrt((x / n) * (1 - x / n) / n + 1.959964 ^ 2 / (4 * n * n))");
      Map<String, String> queries = new LinkedHashMap<>();
      queries.put("cohort_retention", """
          CREATE TABLE duck_cohort_retention AS
          WITH active AS (SELECT DISTINCT site, user_key, event_month AS period FROM activity WHERE event_type IN %s),
          up AS (SELECT a.site, a.user_key, CAST(date_diff('month', u.cohort, a.period) AS INTEGER) AS period_index
                 FROM active a JOIN users u USING (site, user_key) WHERE a.period >= u.cohort),
          last AS (SELECT site, user_key, max(period_index) AS last_index FROM up GROUP BY ALL),
          pup AS (SELECT l.site, l.user_key, g.period_index FROM last l,
                  LATERAL (SELECT unnest(generate_series(0, l.last_index)) AS period_index) g),
          flagged AS (SELECT p.site, p.user_key, p.period_index, u.segment, u.channel, u.cohort,
                      CASE WHEN up.user_key IS NULL THEN 0 ELSE 1 END AS active
                      FROM pup p JOIN users u USING (site, user_key)
                      LEFT JOIN up ON up.site = p.site AND up.user_key = p.user_key AND up.period_index = p.period_index),
          counts AS (SELECT site, cohort, period_index, coalesce(segment, 'all') AS segment,
                     coalesce(channel, 'all') AS channel, sum(active) AS active_users, count(*) AS unbounded_users
                     FROM flagged GROUP BY GROUPING SETS ((site, cohort, period_index, segment, channel),
                     (site, cohort, period_index, segment), (site, cohort, period_index, channel), (site, cohort, period_index))),
          sizes AS (SELECT site, cohort, coalesce(segment, 'all') AS segment, coalesce(channel, 'all') AS channel,
                    count(*) AS cohort_size FROM users GROUP BY GROUPING SETS ((site, cohort, segment, channel),
                    (site, cohort, segment), (site, cohort, channel), (site, cohort))),
          lastp AS (SELECT site, max(period) AS last_period FROM active GROUP BY site),
          grid AS (SELECT s.*, unnest(generate_series(0, greatest(0, coalesce(date_diff('month', s.cohort, lp.last_period), 0)))) AS period_index
                   FROM sizes s LEFT JOIN lastp lp USING (site))
          SELECT g.site, g.cohort, g.segment, g.channel, CAST(g.period_index AS INTEGER) AS period_index, g.cohort_size,
                 coalesce(c.active_users, 0) AS active_users,
                 round(coalesce(c.active_users, 0) / g.cohort_size, 12) AS retention_rate,
                 round(coalesce(c.unbounded_users, 0) / g.cohort_size, 12) AS unbounded_retention_rate,
                 round(greatest(0, wilson_centre(coalesce(c.active_users, 0), g.cohort_size)
                   - wilson_half(coalesce(c.active_users, 0), g.cohort_size)), 12) AS retention_low,
                 round(least(1, wilson_centre(coalesce(c.active_users, 0), g.cohort_size)
                   + wilson_half(coalesce(c.active_users, 0), g.cohort_size)), 12) AS retention_high,
                 round(greatest(0, wilson_centre(coalesce(c.unbounded_users, 0), g.cohort_size)
                   - wilson_half(coalesce(c.unbounded_users, 0), g.cohort_size)), 12) AS unbounded_retention_low,
                 round(least(1, wilson_centre(coalesce(c.unbounded_users, 0), g.cohort_size)
                   + wilson_half(coalesce(c.unbounded_users, 0), g.cohort_size)), 12) AS unbounded_retention_high
          FROM grid g LEFT JOIN counts c USING (site, cohort, segment, channel, period_index)
          """.formatted(EVENTS));
      queries.put("growth_accounting", """
          CREATE TABLE duck_growth_accounting AS
          WITH active AS (SELECT DISTINCT site, user_key, event_month AS period FROM activity WHERE event_type IN %s),
          classified AS (SELECT *, lag(period) OVER w AS previous, lead(period) OVER w AS next FROM active
                         WINDOW w AS (PARTITION BY site, user_key ORDER BY period)),
          span AS (SELECT site, min(period) AS first_month, max(period) AS last_month FROM active GROUP BY site),
          states AS (SELECT site, period AS month, count(*) AS mau,
                     count(*) FILTER (previous IS NULL) AS new_users,
                     count(*) FILTER (previous = period - INTERVAL 1 MONTH) AS retained_users,
                     count(*) FILTER (previous < period - INTERVAL 1 MONTH) AS resurrected_users
                     FROM classified GROUP BY ALL),
          churn AS (SELECT c.site, CAST(c.period + INTERVAL 1 MONTH AS DATE) AS month, count(*) AS churned_users
                    FROM classified c JOIN span USING (site)
                    WHERE (c.next IS NULL OR c.next > c.period + INTERVAL 1 MONTH) AND c.period + INTERVAL 1 MONTH <= span.last_month
                    GROUP BY ALL),
          months AS (SELECT site, CAST(unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH)) AS DATE) AS month FROM span)
          SELECT m.site, m.month, coalesce(s.mau, 0) AS mau, coalesce(s.new_users, 0) AS new_users,
                 coalesce(s.retained_users, 0) AS retained_users, coalesce(s.resurrected_users, 0) AS resurrected_users,
                 coalesce(ch.churned_users, 0) AS churned_users
          FROM months m LEFT JOIN states s USING (site, month) LEFT JOIN churn ch USING (site, month)
          """.formatted(EVENTS));
      Map<String, String> spark = Map.of(
          "cohort_retention", "SELECT site, cohort, segment, channel, period_index, cohort_size, active_users,"
              + " round(retention_rate, 12), round(unbounded_retention_rate, 12), round(retention_low, 12),"
              + " round(retention_high, 12), round(unbounded_retention_low, 12), round(unbounded_retention_high, 12)"
              + " FROM read_parquet('"
              + exports.resolve("cohort_retention") + "/**/*.parquet', hive_partitioning = true) WHERE grain = 'month'",
          "growth_accounting", "SELECT site, month, mau, new_users, retained_users, resurrected_users, churned_users"
              + " FROM read_parquet('" + exports.resolve("growth_accounting") + "/*.parquet')");
      StringBuilder json = new StringBuilder("{");
      for (Map.Entry<String, String> q : queries.entrySet()) {
        long start = System.nanoTime();
        s.execute(q.getValue());
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = one(s, "SELECT count(*) FROM duck_" + q.getKey());
        String sparkRows = spark.get(q.getKey());
        long mismatches = one(s, "SELECT count(*) FROM ((SELECT * FROM duck_" + q.getKey() + " EXCEPT ALL " + sparkRows
            + ") UNION ALL (" + sparkRows + " EXCEPT ALL SELECT * FROM duck_" + q.getKey() + "))");
        json.append(json.length() > 1 ? ", " : "").append(String.format(
            "\"%s\": {\"seconds\": %.3f, \"rows\": %d, \"mismatches\": %d}", q.getKey(), seconds, rows, mismatches));
      }
      System.out.println(json.append("}"));
    }
  }

  static long one(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
