package com.marketlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.SparkTestBase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table written under an older contract takes the new contract's schema on its next write. */
class TestDeltaTables extends SparkTestBase {

  @TempDir Path tmp;

  private static StructType schema(int precision, int scale) {
    return new StructType()
        .add("id", DataTypes.StringType, false)
        .add("price", DataTypes.createDecimalType(precision, scale), false);
  }

  private static Dataset<Row> rows(StructType schema, String price) {
    return spark().createDataFrame(List.of(RowFactory.create("a", new BigDecimal(price))), schema);
  }

  @Test
  void aWidenedDecimalReplacesTheOldSchemaOnMergeAndOverwrite() {
    for (String kind : List.of("merge", "overwrite")) {
      String path = tmp.resolve(kind).toString();
      StructType old = schema(20, 6);
      DeltaTables.overwrite(spark(), rows(old, "0.437012"), path, old, List.of());
      StructType wide = schema(30, 14);
      Dataset<Row> exact = rows(wide, "0.4370124");
      if (kind.equals("merge")) {
        DeltaTables.mergeByKey(spark(), exact, path, wide, List.of("id"), List.of());
      } else {
        DeltaTables.overwrite(spark(), exact, path, wide, List.of());
      }
      Dataset<Row> table = spark().read().format("delta").load(path);
      assertThat(table.schema()).as(kind).isEqualTo(wide);
      assertThat((BigDecimal) table.first().get(1)).isEqualByComparingTo("0.4370124");
      // NOT NULL is still enforced after the schema change.
      Dataset<Row> nulls =
          spark().createDataFrame(List.of(RowFactory.create("b", null)), wide.asNullable());
      assertThatThrownBy(() -> DeltaTables.append(nulls, path))
          .as(kind)
          .hasMessageContaining("price");
    }
  }

  @Test
  void aNewTableIsCreatedWithItsRowsInOneCommit() {
    StructType schema = schema(20, 6);
    String gold = tmp.resolve("gold").toString();
    DeltaTables.overwrite(spark(), rows(schema, "2.5"), gold, schema, List.of("id"));
    List<Row> history =
        io.delta.tables.DeltaTable.forPath(spark(), gold)
            .history()
            .select("version", "operation")
            .collectAsList();
    assertThat(history).hasSize(1);
    assertThat(history.get(0).getString(1)).isEqualTo("CREATE TABLE AS SELECT");
    assertThat(DeltaTables.lastCommitOutputRows(spark(), gold)).isEqualTo(1);
    // The contract's schema, NOT NULL included and enforced, and its statistics columns.
    assertThat(DeltaTables.read(spark(), gold).schema()).isEqualTo(schema);
    assertThat(
            io.delta.tables.DeltaTable.forPath(spark(), gold)
                .detail()
                .select("properties")
                .first()
                .<String, String>getJavaMap(0))
        .containsEntry("delta.dataSkippingStatsColumns", "id");
    Dataset<Row> nulls =
        spark().createDataFrame(List.of(RowFactory.create("b", null)), schema.asNullable());
    assertThatThrownBy(() -> DeltaTables.append(nulls, gold)).hasMessageContaining("price");

    // Bronze: partitioned, with the change data feed from its first commit on.
    StructType dated = schema.add("day", DataTypes.DateType, false);
    String bronze = tmp.resolve("bronze").toString();
    Function<String, Dataset<Row>> day =
        d ->
            spark()
                .createDataFrame(
                    List.of(RowFactory.create(d, BigDecimal.ONE, Date.valueOf(d))), dated);
    DeltaTables.appendOrCreate(
        spark(), day.apply("2024-01-01"), bronze, dated, List.of(), true, "day");
    DeltaTables.appendOrCreate(
        spark(), day.apply("2024-01-02"), bronze, dated, List.of(), true, "day");
    assertThat(DeltaTables.version(spark(), bronze)).isEqualTo(1);
    assertThat(
            io.delta.tables.DeltaTable.forPath(spark(), bronze)
                .detail()
                .select("partitionColumns")
                .first()
                .<String>getList(0))
        .containsExactly("day");
    assertThat(
            DeltaTables.changes(spark(), bronze, -1, 1).orElseThrow().select("id").collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("2024-01-01", "2024-01-02");

    // Rows that do not fit the contract are refused before anything is written.
    String wrong = tmp.resolve("wrong").toString();
    assertThatThrownBy(
            () -> DeltaTables.overwrite(spark(), rows(schema, "1"), wrong, dated, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the contract");
    assertThat(DeltaTables.exists(spark(), wrong)).isFalse();
  }

  @Test
  void aCreateKilledBeforeItsFirstCommitIsNoTableAndIsCreatedOver() throws Exception {
    // What a run killed inside createIfMissing leaves: the log folder, no commit in it.
    Path table = tmp.resolve("aborted");
    java.nio.file.Files.createDirectories(table.resolve("_delta_log"));
    assertThat(DeltaTables.exists(spark(), table.toString())).isFalse();
    StructType schema = schema(20, 6);
    DeltaTables.createIfMissing(spark(), table.toString(), schema, List.of());
    DeltaTables.append(rows(schema, "1.5"), table.toString());
    assertThat(DeltaTables.exists(spark(), table.toString())).isTrue();
    assertThat(DeltaTables.read(spark(), table.toString()).count()).isEqualTo(1);
  }

  @Test
  void theChangeFeedGivesACommitsRowsAndIsEmptyWhereItWasOff() {
    StructType schema = schema(20, 6);
    String off = tmp.resolve("off").toString();
    DeltaTables.createIfMissing(spark(), off, schema, List.of());
    DeltaTables.append(rows(schema, "1"), off);
    assertThat(DeltaTables.changes(spark(), off, 0, 1)).isEmpty();
    // Turned on later: changes are recorded from the next version on.
    DeltaTables.enableChangeFeed(spark(), off);
    long on = DeltaTables.version(spark(), off);
    DeltaTables.append(rows(schema, "2"), off);
    assertThat(DeltaTables.changes(spark(), off, on, on + 1).orElseThrow().count()).isEqualTo(1);
    assertThat(DeltaTables.changes(spark(), off, 0, on + 1)).isEmpty();

    String fed = tmp.resolve("fed").toString();
    DeltaTables.createWithChangeFeedIfMissing(spark(), fed, schema, List.of());
    String id = DeltaTables.tableId(spark(), fed);
    DeltaTables.append(rows(schema, "1"), fed);
    // An upsert that replaces only when the new price is larger: 1 -> 3 replaced, then 2 ignored.
    DeltaTables.upsert(
        spark(),
        rows(schema, "3"),
        fed,
        schema,
        List.of("id"),
        List.of(),
        "s.price > t.price",
        true);
    DeltaTables.upsert(
        spark(),
        rows(schema, "2"),
        fed,
        schema,
        List.of("id"),
        List.of(),
        "s.price > t.price",
        true);
    assertThat(DeltaTables.version(spark(), fed)).isEqualTo(3);
    assertThat(
            DeltaTables.changes(spark(), fed, 0, 3)
                .orElseThrow()
                .selectExpr("_change_type", "CAST(price AS INT)", "_commit_version")
                .orderBy("_commit_version", "_change_type")
                .collectAsList())
        .map(r -> r.getString(0) + "|" + r.get(1) + "|" + r.get(2))
        .containsExactly("insert|1|1", "update_postimage|3|2", "update_preimage|1|2");
    assertThat(((BigDecimal) DeltaTables.read(spark(), fed).first().get(1)).intValue())
        .isEqualTo(3);
    // The id is the table's: the same table keeps it, a table created anew gets another.
    assertThat(DeltaTables.tableId(spark(), fed)).isEqualTo(id);
    assertThat(DeltaTables.tableId(spark(), off)).isNotEqualTo(id);
  }

  @Test
  void anUpsertOnADatedKeyMatchesOnlyWithinTheIncrementsDates() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType, false)
            .add("day", DataTypes.DateType, false)
            .add("value", DataTypes.IntegerType, false);
    String path = tmp.resolve("dated").toString();
    Function<Object[][], Dataset<Row>> rows =
        values ->
            spark()
                .createDataFrame(
                    java.util.Arrays.stream(values).map(RowFactory::create).toList(), schema);
    LocalDate jan1 = LocalDate.of(2024, 1, 1);
    DeltaTables.upsert(
        spark(),
        rows.apply(
            new Object[][] {
              {"a", Date.valueOf(jan1), 1},
              {"a", Date.valueOf(jan1.plusDays(9)), 1},
              {"b", Date.valueOf(jan1), 1}
            }),
        path,
        schema,
        List.of("id", "day"),
        List.of(),
        "true",
        false);
    // Replaces a on 2024-01-10 and inserts c on 2024-01-11; a on 2024-01-01 is outside the range.
    DeltaTables.upsert(
        spark(),
        rows.apply(
            new Object[][] {
              {"a", Date.valueOf(jan1.plusDays(9)), 2}, {"c", Date.valueOf(jan1.plusDays(10)), 2}
            }),
        path,
        schema,
        List.of("id", "day"),
        List.of(),
        "true",
        false);
    assertThat(
            DeltaTables.read(spark(), path).orderBy("id", "day").collectAsList().stream()
                .map(r -> r.getString(0) + "|" + r.get(1) + "|" + r.getInt(2))
                .toList())
        .containsExactly("a|2024-01-01|1", "a|2024-01-10|2", "b|2024-01-01|1", "c|2024-01-11|2");
    // The MERGE condition bounds the table's dates by the increment's, for Delta's file skipping.
    String predicate =
        sql("DESCRIBE HISTORY delta.`%s` LIMIT 1", path)
            .get(0)
            .<scala.collection.Map<String, String>>getAs("operationParameters")
            .apply("predicate");
    assertThat(predicate).contains("2024-01-10").contains("2024-01-11");
  }
}
