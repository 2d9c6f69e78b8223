package com.marketlens.io;

import com.marketlens.schema.Contract;
import com.marketlens.schema.Contracts;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A small system table of one row per key ({@code system/refine_watermarks}, {@code
 * system/gold_builds}): read whole, once, and its rows replaced by key in one MERGE. A table of an
 * older contract reads as empty (its owner then starts over, which is always safe) and is replaced
 * by the first write.
 */
public final class KeyedSystemTable {

  private final SparkSession spark;
  private final Contract contract;
  private final String path;
  private List<Row> rows;
  private boolean outdated;

  public KeyedSystemTable(
      SparkSession spark, Warehouse warehouse, Contracts contracts, String name) {
    this.spark = spark;
    this.contract = contracts.system(name);
    this.path = warehouse.system(name);
  }

  public StructType schema() {
    return contract.sparkSchema();
  }

  /** Every row, as the table was when first asked (empty when missing or of an older contract). */
  public synchronized List<Row> rows() {
    if (rows == null) {
      boolean exists = DeltaTables.exists(spark, path);
      outdated = exists && !DeltaTables.hasColumns(spark, path, contract.sparkSchema());
      rows = exists && !outdated ? DeltaTables.read(spark, path).collectAsList() : List.of();
    }
    return rows;
  }

  /** Writes {@code replacements}, each replacing the row of its key, in one commit. */
  public synchronized void replace(List<Row> replacements) {
    if (replacements.isEmpty()) {
      return;
    }
    rows();
    if (outdated) {
      DeltaTables.overwrite(
          spark,
          spark.createDataFrame(replacements, contract.sparkSchema()),
          path,
          contract.sparkSchema(),
          contract.statsColumns());
      outdated = false;
      return;
    }
    DeltaTables.upsert(
        spark,
        spark.createDataFrame(replacements, contract.sparkSchema()),
        path,
        contract.sparkSchema(),
        contract.key(),
        contract.statsColumns(),
        "true",
        false);
  }
}
