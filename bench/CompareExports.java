import java.sql.*;
import java.nio.file.*;
/**
 * Compares two BI export folders table by table with DuckDB: rows in one and not the other (EXCEPT ALL,
 * so duplicates count), exact values. Used to show that a refactoring changed no output:
 *   java -cp "$(find ~/.m2 -name 'duckdb_jdbc-*.jar' | head -1)" bench/CompareExports.java OLD NEW
 * Exits 1 when any table differs.
 */
public class CompareExports {
  public static void main(String[] a) throws Exception {
    boolean differ = false;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (Path t : Files.list(Path.of(a[0])).sorted().toList()) {
        if (!Files.isDirectory(t)) continue;
        String n = t.getFileName().toString();
        String A = "read_parquet('" + a[0] + "/" + n + "/**/*.parquet', hive_partitioning=true, union_by_name=true)";
        String B = "read_parquet('" + a[1] + "/" + n + "/**/*.parquet', hive_partitioning=true, union_by_name=true)";
        ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM (SELECT * FROM " + A + " EXCEPT ALL SELECT * FROM " + B + ")), (SELECT count(*) FROM (SELECT * FROM " + B + " EXCEPT ALL SELECT * FROM " + A + ")), (SELECT count(*) FROM " + A + ")");
        r.next();
        System.out.println(n + ": only in old " + r.getLong(1) + ", only in new " + r.getLong(2) + ", rows " + r.getLong(3));
        differ |= r.getLong(1) + r.getLong(2) > 0;
      }
    }
    System.exit(differ ? 1 : 0);
  }
}
