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
 *   java -cp ... bench/CompareExports.java --delta --digits 12 OLD/gold NEW/gold
 *   java -cp ... bench/CompareExports.java --delta --relative 1e-12 OLD/gold NEW/gold
 *   java -cp ... bench/CompareExports.java --delta --only quarantine --ignore run_id,run_date A B
 * </pre>
 *
 * With {@code --digits N}, floating-point values are compared to N significant digits (a relative
 * difference of about 10^-N: sums in another order differ in the last bits); everything else exactly.
 * Rounding flips a value that sits near a rounding boundary, so {@code --relative TOL} is the exact
 * criterion: the rows of both tables are sorted by every column (the exact ones first) and paired by
 * rank; a pair matches when its exact columns are equal and each floating-point value is within TOL
 * of the other, relative to the larger magnitude. Unpaired and mismatched rows count as "only in"
 * their table, and the largest relative difference found is printed.
 * {@code --only t1,t2} compares those tables alone; {@code --ignore c1,c2} leaves those columns out
 * (a run id). A table present in one folder only differs. Exits 1 when any table differs.
 */
public class CompareExports {

  private static final Pattern ACTION =
      Pattern.compile("\\{\"(add|remove)\":\\{\"path\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean delta = rest.remove("--delta");
    int digits = 0;
    int at = rest.indexOf("--digits");
    if (at >= 0) {
      digits = Integer.parseInt(rest.get(at + 1));
      rest.subList(at, at + 2).clear();
    }
    double relative = -1;
    at = rest.indexOf("--relative");
    if (at >= 0) {
      relative = Double.parseDouble(rest.get(at + 1));
      rest.subList(at, at + 2).clear();
    }
    List<String> only = option(rest, "--only");
    List<String> ignore = new ArrayList<>(option(rest, "--ignore"));
    if (delta) {
      // Delta writes a MERGE's data files with the change feed's _change_type column (null in every
      // live row): a physical column only, not one of the table's.
      ignore.add("_change_type");
    }
    Path old = Path.of(rest.get(0));
    Path neu = Path.of(rest.get(1));
    boolean differ = false;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Stream<Path> tables = Files.list(old)) {
      for (Path t : tables.filter(Files::isDirectory).sorted().toList()) {
        String name = t.getFileName().toString();
        boolean wanted = only.isEmpty() ? !name.startsWith("_") : only.contains(name);
        if (!wanted) {
          continue;
        }
        if (!Files.isDirectory(neu.resolve(name))) {
          System.out.println(name + ": missing in new");
          differ = true;
          continue;
        }
        try (Statement s = c.createStatement()) {
          if (relative >= 0) {
            differ |= !withinTolerance(s, name, source(old.resolve(name), delta),
                source(neu.resolve(name), delta), relative, ignore);
            continue;
          }
          String a = rounded(s, source(old.resolve(name), delta), digits, ignore);
          String b = rounded(s, source(neu.resolve(name), delta), digits, ignore);
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
        } catch (java.sql.SQLException e) {
          // Other columns, say: a difference too, reported instead of stopping the comparison.
          System.out.println(name + ": cannot compare: " + e.getMessage().lines().findFirst().orElse(""));
          differ = true;
        }
      }
    }
    System.exit(differ ? 1 : 0);
  }

  /**
   * Compares a table pair row by row after sorting (see the class comment); prints the counts and
   * returns whether they match.
   */
  private static boolean withinTolerance(Statement s, String name, String old, String neu,
      double tolerance, List<String> ignore) throws Exception {
    List<String> exact = new ArrayList<>();
    List<String> floats = new ArrayList<>();
    List<String> select = new ArrayList<>();
    try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + old)) {
      while (r.next()) {
        if (ignore.contains(r.getString(1))) {
          continue;
        }
        String column = '"' + r.getString(1) + '"';
        String type = r.getString(2);
        int k = select.size();
        if (type.equals("DOUBLE") || type.equals("FLOAT")) {
          select.add("CAST(" + column + " AS DOUBLE) AS f" + k);
          floats.add("f" + k);
        } else if (type.startsWith("MAP(") && type.endsWith("DOUBLE)")) {
          // A map of doubles: its keys exactly, its values (in key order) within the tolerance.
          select.add("list_transform(list_sort(map_entries(" + column + ")), e -> e.key) AS e" + k);
          exact.add("e" + k);
          select.add("list_transform(list_sort(map_entries(" + column + ")), e -> e.value) AS l" + k);
          floats.add("l" + k);
        } else {
          select.add(column + " AS e" + k);
          exact.add("e" + k);
        }
      }
    }
    List<String> order = new ArrayList<>(exact);
    order.addAll(floats);
    String ranked =
        "(SELECT *, row_number() OVER (ORDER BY " + String.join(", ", order) + ") AS rank_ FROM"
            + " (SELECT " + String.join(", ", select) + " FROM %s))";
    List<String> match = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    exact.forEach(e -> match.add("a." + e + " IS NOT DISTINCT FROM b." + e));
    for (String f : floats) {
      boolean list = f.startsWith("l");
      String close = list ? "list_bool_and(list_transform(list_zip(a.%1$s, b.%1$s), p -> %2$s))"
          : "(%2$s)";
      String pair = list ? "p[1]" : "a." + f;
      String other = list ? "p[2]" : "b." + f;
      String within = pair + " IS NOT DISTINCT FROM " + other + " OR abs(" + pair + " - " + other
          + ") <= " + tolerance + " * greatest(abs(" + pair + "), abs(" + other + "))";
      match.add("coalesce(" + (list ? "len(a." + f + ") = len(b." + f + ") AND " : "")
          + String.format(close, f, within) + ", a." + f + " IS NOT DISTINCT FROM b." + f + ")");
      String relative = "abs(%1$s - %2$s) / nullif(greatest(abs(%1$s), abs(%2$s)), 0)";
      differences.add(list
          ? "list_max(list_transform(list_zip(a." + f + ", b." + f + "), p -> "
              + String.format(relative, "p[1]", "p[2]") + "))"
          : String.format(relative, "a." + f, "b." + f));
    }
    String matched = match.isEmpty() ? "true" : String.join(" AND ", match);
    String largest = differences.isEmpty() ? "0" : "greatest(" + String.join(", ", differences) + ")";
    ResultSet r = s.executeQuery(
        "SELECT count(*) FILTER (WHERE a.rank_ IS NOT NULL AND (b.rank_ IS NULL OR NOT (" + matched
            + "))), count(*) FILTER (WHERE b.rank_ IS NOT NULL AND (a.rank_ IS NULL OR NOT ("
            + matched + "))), count(a.rank_), coalesce(max(" + largest + "), 0) FROM "
            + String.format(ranked, old) + " a FULL JOIN " + String.format(ranked, neu)
            + " b ON a.rank_ = b.rank_");
    r.next();
    System.out.println(name + ": only in old " + r.getLong(1) + ", only in new " + r.getLong(2)
        + ", rows " + r.getLong(3) + ", largest relative difference " + r.getDouble(4));
    return r.getLong(1) + r.getLong(2) == 0;
  }

  /** The values of option {@code name} (comma-separated), removed from {@code args}; empty if absent. */
  private static List<String> option(List<String> args, String name) {
    int at = args.indexOf(name);
    if (at < 0) {
      return List.of();
    }
    List<String> values = List.of(args.get(at + 1).split(","));
    args.subList(at, at + 2).clear();
    return values;
  }

  /**
   * The table without the {@code ignore} columns, its floating-point columns as text of {@code
   * digits} significant digits (all exact when 0).
   */
  private static String rounded(Statement s, String table, int digits, List<String> ignore)
      throws Exception {
    List<String> columns = new ArrayList<>();
    try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + table)) {
      while (r.next()) {
        if (ignore.contains(r.getString(1))) {
          continue;
        }
        String name = '"' + r.getString(1) + '"';
        String type = r.getString(2);
        columns.add(
            digits <= 0
                ? name
                : type.equals("DOUBLE") || type.equals("FLOAT")
                ? "printf('%." + (digits - 1) + "e', " + name + ") AS " + name
                : type.startsWith("MAP(") && type.contains("DOUBLE")
                    ? "map_from_entries(list_transform(map_entries(" + name + "), e -> {'key': e.key,"
                        + " 'value': printf('%." + (digits - 1) + "e', e.value)})) AS " + name
                    : name);
      }
    }
    return "(SELECT " + String.join(", ", columns) + " FROM " + table + ")";
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
