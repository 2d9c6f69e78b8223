package com.marketlens.schema;

import java.io.Serializable;
import java.util.List;

/**
 * How a gold table is exported for BI tools (schemas/export/exports.json): its schema version, the
 * columns its Parquet folders are partitioned by, and an example query for docs/bi.md. The columns
 * are the gold contract's.
 */
public record ExportSpec(
    String table, int schemaVersion, List<String> partitionBy, String exampleQuery)
    implements Serializable {}
