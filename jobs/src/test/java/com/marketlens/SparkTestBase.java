package com.marketlens;

import com.marketlens.config.PipelineConf;
import com.marketlens.config.SparkSessions;
import com.marketlens.io.Warehouse;
import com.marketlens.schema.Contracts;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for the whole test JVM, built on first use (Surefire runs all test classes
 * in one fork), with the settings the pipeline requires, two cores, few partitions, small memory
 * pages, no UI, and the local file system local runs use.
 *
 * <p>Expressions are interpreted and plans fixed before they run (no adaptive execution, joins by
 * shuffle), as in local runs on small inputs (conf/local.properties): on fixtures of a few hundred
 * rows compiling Spark's generated code costs more than it saves (a five-run test class took 177 s
 * instead of 305-320 s), and each adaptive stage or broadcast is a job of its own. Spark computes
 * the same values either way; the hand-worked gold tests ({@link #useCompiledCode}) still build
 * their tables with compiled code and adaptive plans, the way cluster and large local runs do.
 */
public abstract class SparkTestBase {

  /** A salt used only by tests. */
  public static final String TEST_SALT = "test-salt-0123456789abcdef";

  private static SparkSession spark;

  protected static synchronized SparkSession spark() {
    if (spark == null) {
      SparkConf conf =
          new SparkConf()
              .setMaster("local[2]")
              .setAppName("marketlens-tests")
              .set("spark.ui.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1")
              .set("spark.sql.shuffle.partitions", "2")
              .set("spark.default.parallelism", "2")
              .set("spark.sql.session.timeZone", "Asia/Shanghai")
              .set("spark.databricks.delta.snapshotPartitions", "1")
              .set("spark.buffer.pageSize", "1m")
              .set(ADAPTIVE, "false")
              .set(BROADCAST_THRESHOLD, "-1")
              .set(WHOLE_STAGE, "false")
              .set(FACTORY_MODE, "NO_CODEGEN");
      SparkSessions.applyRequired(conf);
      SparkSessions.useNioLocalFileSystem(conf);
      spark = SparkSession.builder().config(conf).getOrCreate();
    }
    return spark;
  }

  /**
   * Whole-stage code generation, compiled expressions and adaptive plans with broadcast joins
   * (Spark's defaults, which cluster runs use) for the queries that follow, until {@link
   * #useInterpretedCode}. Tests run one at a time in the one session, so a test class may switch in
   * its {@code @BeforeAll} and back in its {@code @AfterAll}.
   */
  protected static void useCompiledCode() {
    spark().conf().set(WHOLE_STAGE, "true");
    spark().conf().set(FACTORY_MODE, "FALLBACK");
    spark().conf().set(ADAPTIVE, "true");
    spark().conf().unset(BROADCAST_THRESHOLD);
  }

  /** Back to the suite's interpreted expressions and fixed plans. */
  protected static void useInterpretedCode() {
    spark().conf().set(WHOLE_STAGE, "false");
    spark().conf().set(FACTORY_MODE, "NO_CODEGEN");
    spark().conf().set(ADAPTIVE, "false");
    spark().conf().set(BROADCAST_THRESHOLD, "-1");
  }

  private static final String ADAPTIVE = "spark.sql.adaptive.enabled";
  private static final String BROADCAST_THRESHOLD = "spark.sql.autoBroadcastJoinThreshold";
  private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  private static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

  /** The repository root (Surefire sets marketlens.home). */
  protected static Path home() {
    return Path.of(System.getProperty("marketlens.home", ".."));
  }

  protected static Contracts contracts() {
    return Contracts.load(home().resolve("schemas").toString());
  }

  /** A configuration for tests: the given input and warehouse, the test salt, extra settings. */
  protected static PipelineConf conf(
      Path input, Path warehouse, String runDate, Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>(extra);
    overrides.put("marketlens.input", input.toString());
    overrides.put("marketlens.warehouse", warehouse.toString());
    overrides.put("marketlens.schemas", home().resolve("schemas").toString());
    return PipelineConf.resolve(null, Map.of("MARKETLENS_SALT", TEST_SALT), overrides, runDate);
  }

  protected static List<Row> sql(String query, Object... args) {
    return spark().sql(String.format(query, args)).collectAsList();
  }

  /** Values as they print. */
  protected static final Function<Object, String> AS_PRINTED = String::valueOf;

  /** Doubles to 4 decimals, other values as they print. */
  protected static final Function<Object, String> FOUR_DECIMALS =
      v -> v instanceof Double d ? String.format("%.4f", d) : String.valueOf(v);

  /** Decimals without trailing zeros, other values as they print. */
  protected static final Function<Object, String> PLAIN_DECIMALS =
      v -> v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(v);

  /**
   * The rows of a gold table as "a|b|c" lines, in the given order, each value through {@code cell}:
   * the gold tests compare whole rows against lines worked out by hand.
   */
  protected static List<String> goldRows(
      Warehouse warehouse,
      String table,
      String columns,
      String where,
      String orderBy,
      Function<Object, String> cell) {
    return sql(
            "SELECT %s FROM delta.`%s` WHERE %s ORDER BY %s",
            columns, warehouse.gold(table), where, orderBy)
        .stream()
        .map(r -> line(r, cell))
        .toList();
  }

  /** One row as an "a|b|c" line, each value through {@code cell}. */
  protected static String line(Row r, Function<Object, String> cell) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < r.length(); i++) {
      s.append(i == 0 ? "" : "|").append(cell.apply(r.get(i)));
    }
    return s.toString();
  }
}
