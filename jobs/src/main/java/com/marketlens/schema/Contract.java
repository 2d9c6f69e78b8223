package com.marketlens.schema;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A dataset or table contract loaded from {@code schemas/<layer>/<name>.json}. */
public record Contract(
    String name, String layer, String description, List<String> key, List<ColumnSpec> columns)
    implements Serializable {

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  /**
   * The columns Delta keeps min/max statistics for, which let a query skip files: in silver and
   * system tables the key (MERGE and replace conditions) and the date and time columns (range
   * filters, OPTIMIZE ZORDER BY); none in bronze and gold tables, which are always read whole, nor
   * for the bronze metadata columns (the only keyless system contract).
   */
  public List<String> statsColumns() {
    boolean filtered = "silver".equals(layer) || ("system".equals(layer) && !key.isEmpty());
    if (!filtered) {
      return List.of();
    }
    Set<String> stats = new LinkedHashSet<>(key);
    columns.stream()
        .filter(c -> c.type().equals("date") || c.type().equals("timestamp"))
        .forEach(c -> stats.add(c.name()));
    return List.copyOf(stats);
  }

  public ColumnSpec column(String columnName) {
    return columns.stream()
        .filter(c -> c.name().equals(columnName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " has no column " + columnName));
  }

  /**
   * The columns of {@code rows} cast to this contract's types, in its order (extra columns
   * dropped).
   */
  public Dataset<Row> conform(Dataset<Row> rows) {
    StructType schema = sparkSchema();
    return rows.select(
        Arrays.stream(schema.fields())
            .map(f -> rows.col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new));
  }

  /**
   * The Spark schema: declared types and nullability for silver and system tables; for input
   * contracts, every column as a nullable string (bronze keeps values as read).
   */
  public StructType sparkSchema() {
    StructField[] fields =
        columns.stream()
            .map(
                c ->
                    "input".equals(layer)
                        ? new StructField(c.name(), DataTypes.StringType, true, Metadata.empty())
                        : new StructField(
                            c.name(), DataType.fromDDL(c.type()), c.nullable(), Metadata.empty()))
            .toArray(StructField[]::new);
    return new StructType(fields);
  }
}
