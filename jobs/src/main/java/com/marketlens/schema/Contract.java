package com.marketlens.schema;

import java.io.Serializable;
import java.util.List;
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

  public ColumnSpec column(String columnName) {
    return columns.stream()
        .filter(c -> c.name().equals(columnName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " has no column " + columnName));
  }

  /** The columns of {@code rows} cast to this contract's types, in its order (extra columns dropped). */
  public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> conform(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
    StructType schema = sparkSchema();
    return rows.select(
        java.util.Arrays.stream(schema.fields())
            .map(f -> rows.col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * The Spark schema: declared types and nullability for silver and system tables; for input contracts,
   * every column as a nullable string (bronze keeps values as read).
   */
  public StructType sparkSchema() {
    StructField[] fields =
        columns.stream()
            .map(
                c ->
                    "input".equals(layer)
                        ? new StructField(c.name(), DataTypes.StringType, true, Metadata.empty())
                        : new StructField(c.name(), DataType.fromDDL(c.type()), c.nullable(), Metadata.empty()))
            .toArray(StructField[]::new);
    return new StructType(fields);
  }
}
