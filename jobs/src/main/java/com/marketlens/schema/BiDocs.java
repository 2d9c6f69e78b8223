package com.marketlens.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Renders what BI tools need from the contracts and schemas/export/exports.json:
 * bi/duckdb_views.sql, bi/trino_tables.sql and docs/bi.md (`bin/marketlens contracts --bi bi
 * --bi-doc docs/bi.md`). Tests fail when the committed files drift, and run the DuckDB views and
 * every example query against real exports.
 */
public final class BiDocs {

  public static final String DUCKDB_VIEWS = "duckdb_views.sql";
  public static final String TRINO_TABLES = "trino_tables.sql";

  private BiDocs() {}

  /**
   * Columns in contract order, partition columns last (where Parquet readers and Hive put them).
   */
  private static List<ColumnSpec> exportOrder(Contract c, ExportSpec spec) {
    List<ColumnSpec> out = new ArrayList<>();
    c.columns().stream().filter(col -> !spec.partitionBy().contains(col.name())).forEach(out::add);
    spec.partitionBy().forEach(p -> out.add(c.column(p)));
    return out;
  }

  public static String duckdbViews(Contracts contracts) {
    StringBuilder sql = new StringBuilder();
    sql.append("-- DuckDB views over the MarketLens Parquet exports. Generated from schemas/ by\n")
        .append(
            "-- `bin/marketlens contracts --bi bi` (do not edit). Usage (DuckDB 1.1 or later):\n")
        .append(
            "--   SET VARIABLE exports = '/path/to/exports';   -- or 's3://bucket/exports' with httpfs\n")
        .append("--   .read bi/duckdb_views.sql\n")
        .append(
            "-- Columns keep the contract order; partition folders (site=..., product=...) become columns.\n");
    for (ExportSpec spec : contracts.exports()) {
      Contract c = contracts.gold(spec.table());
      sql.append("\nCREATE OR REPLACE VIEW ")
          .append(spec.table())
          .append(" AS\nSELECT ")
          .append(String.join(", ", c.columnNames()))
          .append("\nFROM read_parquet(getvariable('exports') || '/")
          .append(spec.table())
          .append("/**/*.parquet', hive_partitioning = ")
          .append(spec.partitionBy().isEmpty() ? "false" : "true")
          .append(");\n");
    }
    return sql.toString();
  }

  public static String trinoTables(Contracts contracts) {
    StringBuilder sql = new StringBuilder();
    sql.append(
            "-- Trino (Hive connector) external tables over the MarketLens Parquet exports. Generated from\n")
        .append(
            "-- schemas/ by `bin/marketlens contracts --bi bi` (do not edit). Replace ${EXPORTS} with the exports\n")
        .append(
            "-- root (e.g. s3a://marketlens-lake/exports) and hive.marketlens with your catalog and schema.\n")
        .append(
            "-- After each export run, sync the partitions of the partitioned tables (calls below).\n");
    sql.append("\nCREATE SCHEMA IF NOT EXISTS hive.marketlens;\n");
    for (ExportSpec spec : contracts.exports()) {
      Contract c = contracts.gold(spec.table());
      sql.append("\nCREATE TABLE IF NOT EXISTS hive.marketlens.")
          .append(spec.table())
          .append(" (\n");
      List<ColumnSpec> columns = exportOrder(c, spec);
      for (int i = 0; i < columns.size(); i++) {
        sql.append("  ")
            .append(columns.get(i).name())
            .append(' ')
            .append(trinoType(columns.get(i).type()))
            .append(i + 1 < columns.size() ? ",\n" : "\n");
      }
      sql.append(") WITH (\n  external_location = '${EXPORTS}/")
          .append(spec.table())
          .append("',\n  format = 'PARQUET'");
      if (!spec.partitionBy().isEmpty()) {
        sql.append(",\n  partitioned_by = ARRAY[")
            .append(String.join(", ", spec.partitionBy().stream().map(p -> "'" + p + "'").toList()))
            .append("]");
      }
      sql.append("\n);\n");
      if (!spec.partitionBy().isEmpty()) {
        sql.append("CALL hive.system.sync_partition_metadata('marketlens', '")
            .append(spec.table())
            .append("', 'FULL');\n");
      }
    }
    return sql.toString();
  }

  /** Spark SQL type to Trino type. */
  static String trinoType(String spark) {
    return mapType(
        spark,
        (k, v) -> "map(" + k + ", " + v + ")",
        e -> "array(" + e + ")",
        t ->
            switch (t) {
              case "string" -> "varchar";
              case "int" -> "integer";
              case "bigint", "double", "boolean", "date" -> t;
              case "timestamp" -> "timestamp(6) with time zone";
              default -> t.startsWith("decimal") ? t : null;
            });
  }

  /** DuckDB's name for a Spark SQL type read back from our Parquet (what DESCRIBE shows). */
  public static String duckdbType(String spark) {
    return mapType(
        spark,
        (k, v) -> "MAP(" + k + ", " + v + ")",
        e -> e + "[]",
        t ->
            switch (t) {
              case "string" -> "VARCHAR";
              case "int" -> "INTEGER";
              case "bigint", "double", "boolean", "date" -> t.toUpperCase(Locale.ROOT);
              case "timestamp" -> "TIMESTAMP WITH TIME ZONE";
              default -> t.startsWith("decimal") ? t.toUpperCase(Locale.ROOT) : null;
            });
  }

  /**
   * Walks map<k,v> and array<e> types, naming scalar types with {@code scalar} (null: unsupported).
   */
  private static String mapType(
      String spark,
      BinaryOperator<String> map,
      UnaryOperator<String> array,
      UnaryOperator<String> scalar) {
    String t = spark.toLowerCase(Locale.ROOT).replace(" ", "");
    if (t.startsWith("map<")) {
      String[] kv = t.substring(4, t.length() - 1).split(",", 2);
      return map.apply(mapType(kv[0], map, array, scalar), mapType(kv[1], map, array, scalar));
    }
    if (t.startsWith("array<")) {
      return array.apply(mapType(t.substring(6, t.length() - 1), map, array, scalar));
    }
    String name = scalar.apply(t);
    if (name == null) {
      throw new IllegalArgumentException("no BI type for " + spark);
    }
    return name;
  }

  public static String markdown(Contracts contracts) {
    StringBuilder md = new StringBuilder();
    md.append("# BI exports\n\n")
        .append(
            "Generated from `schemas/` (the gold contracts and `schemas/export/exports.json`) by\n")
        .append(
            "`bin/marketlens contracts --bi bi --bi-doc docs/bi.md`; a test fails when this file drifts. Metric\n")
        .append("definitions: [metrics.md](metrics.md).\n\n")
        .append("## Layout and guarantees\n\n")
        .append(
            "`bin/marketlens export` (also the last stage of `run`) writes every gold table as Parquet under\n")
        .append(
            "`<exports>/<table>/` (`marketlens.exports`, default `./exports`; `s3a://...` on a cluster):\n\n")
        .append(
            "- **Stable names and types.** snake_case columns in the contract order; dates as DATE, money as\n")
        .append(
            "  DECIMAL with a fixed scale, timestamps as Parquet TIMESTAMP_MICROS (UTC-adjusted), which every\n")
        .append(
            "  BI engine reads. `schema_version` (per table, in the manifest) changes when a column is renamed,\n")
        .append("  removed or retyped; adding a column keeps it.\n")
        .append(
            "- **Partitioning.** Large tables are split into `site=...` or `product=...` folders (below); the\n")
        .append(
            "  others are one file. Rows are sorted by the table's key, so a rerun on the same gold data\n")
        .append("  writes files with the same content.\n")
        .append(
            "- **Never half-written.** A run writes every table under `<exports>/_staging/<run id>/`, checks the\n")
        .append(
            "  row counts against gold, and only then swaps each table folder in (one rename per table), writes\n")
        .append(
            "  `_manifest.json` and finally `_SUCCESS`. A failed run deletes its staging folder and leaves the\n")
        .append(
            "  previous export untouched. On S3 a rename is a copy: readers there should wait for `_SUCCESS`\n")
        .append(
            "  at the root, which is absent while tables are being swapped. One export runs at a time.\n")
        .append(
            "- **Manifest.** `_manifest.json`: run id, run date, and per table its path, row count, schema\n")
        .append(
            "  version, partition columns and column types. A table without rows (an input with one market\n")
        .append(
            "  only, a backfill before a dataset's first scrape) is one Parquet file with the schema and no rows,\n")
        .append(
            "  not partitioned, and its entry has `empty_reason`, e.g. `no cloud_prices files scraped on or\n")
        .append("  before 2012-01-31 have been ingested`.\n")
        .append(
            "- **Privacy.** Exports hold pseudonyms (`user_key`) and aggregates only; never raw ids or IPs.\n\n")
        .append("## Connecting\n\n")
        .append(
            "- **DuckDB** (also the engine behind many notebooks): `SET VARIABLE exports = '/path/to/exports';`\n")
        .append("  then `.read bi/duckdb_views.sql`; every table below is a view.\n")
        .append(
            "- **Trino / Presto** (and Superset or Tableau on top of it): `bi/trino_tables.sql` creates Hive\n")
        .append(
            "  external tables over the folders; run its `sync_partition_metadata` calls after each export.\n")
        .append(
            "- **Superset**: add the Trino (or DuckDB) database, then each table as a dataset.\n")
        .append(
            "- **Tableau**: connect through Trino, or open the Parquet folders directly; map columns\n")
        .append(
            "  (`growth_model_fits.parameters`, `growth_ceilings.threshold_crossings`) are best read through\n")
        .append("  Trino or DuckDB (`threshold_crossings['10000000']`).\n\n")
        .append("## Tables\n");
    for (ExportSpec spec : contracts.exports()) {
      Contract c = contracts.gold(spec.table());
      md.append("\n### ")
          .append(spec.table())
          .append("\n\n")
          .append(c.description())
          .append("\n\n")
          .append("Folder `<exports>/")
          .append(spec.table())
          .append("/`")
          .append(
              spec.partitionBy().isEmpty()
                  ? ", one file"
                  : ", partitioned by `" + String.join("`, `", spec.partitionBy()) + "`")
          .append("; schema version ")
          .append(spec.schemaVersion())
          .append("; key ")
          .append(String.join(", ", c.key().stream().map(k -> "`" + k + "`").toList()))
          .append(".\n\n")
          .append("| column | type | nullable | description |\n|---|---|---|---|\n");
      for (ColumnSpec col : c.columns()) {
        md.append("| `")
            .append(col.name())
            .append("` | ")
            .append(duckdbType(col.type()))
            .append(" | ")
            .append(col.nullable() ? "yes" : "no")
            .append(" | ")
            .append(col.description().replace("|", "\\|"))
            .append(" |\n");
      }
      md.append("\nExample:\n\n```sql\n").append(spec.exampleQuery()).append(";\n```\n");
    }
    return md.toString();
  }
}
