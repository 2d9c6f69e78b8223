import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares two folders of tables with DuckDB, table by table: rows in one and not the other (EXCEPT
 * ALL, so duplicates count), exact values. Used to show that a refactoring changed no output.
 *
 * <pre>
 *   java -cp "$(find ~/.m2 -name 'duckdb_jdbc-*.jar' | head -1)" bench/CompareExports.java OLD NEW
 *   java -cp ... bench/CompareExports.java --delta OLD/silver NEW/silver   (Delta tables: live files)
 * </pre>
 *
 * Exits 1 when any table differs.
 */
public class CompareExports {

  private static final Pattern ACTION =
      Pattern.compile("\\{\"(add|remove)\":\\{\"path\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    boolean delta = args[0].equals("--delta");
    Path old = Path.of(args[delta ? 1 : 0]);
    Path neu = Path.of(args[delta ? 2 : 1]);
    boolean differ = false;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        Stream<Path> tables = Files.list(old)) {
      for (Path t : tables.filter(Files::isDirectory).sorted().toList()) {
        String name = t.getFileName().toString();
        if (name.startsWith("_")) {
          continue;
        }
        String a = source(old.resolve(name), delta);
        String b = source(neu.resolve(name), delta);
        ResultSet r =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b
                    + ")), (SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a
                    + ")), (SELECT count(*) FROM " + a + ")");
        r.next();
        System.out.println(
            name + ": only in old " + r.getLong(1) + ", only in new " + r.getLong(2) + ", rows "
                + r.getLong(3));
        differ |= r.getLong(1) + r.getLong(2) > 0;
      }
    }
    System.exit(differ ? 1 : 0);
  }

  /** A DuckDB table expression over a folder of Parquet files, or over a Delta table's live files. */
  private static String source(Path table, boolean delta) throws Exception {
    if (!delta) {
      return "read_parquet('" + table + "/**/*.parquet', hive_partitioning=true, union_by_name=true)";
    }
    Set<String> live = new LinkedHashSet<>();
    try (Stream<Path> log = Files.list(table.resolve("_delta_log"))) {
      for (Path commit : log.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Matcher m = ACTION.matcher(Files.readString(commit));
        while (m.find()) {
          String file = java.net.URLDecoder.decode(m.group(2), "UTF-8");
          if (m.group(1).equals("add")) {
            live.add(file);
          } else {
            live.remove(file);
          }
        }
      }
    }
    if (live.isEmpty()) {
      return "(SELECT 1 AS empty WHERE false)";
    }
    List<String> files = new ArrayList<>();
    live.forEach(f -> files.add("'" + table.resolve(f) + "'"));
    return "read_parquet([" + String.join(", ", files) + "], hive_partitioning=true, union_by_name=true)";
  }
}
