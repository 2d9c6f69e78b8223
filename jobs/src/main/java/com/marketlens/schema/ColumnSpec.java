package com.marketlens.schema;

import java.io.Serializable;
import java.util.List;

/**
 * One column of a contract. Input contracts give the accepted raw {@code format} (all input columns
 * are read as text); silver and system contracts give the Spark SQL {@code type}.
 */
public record ColumnSpec(
    String name,
    String format,
    String type,
    boolean nullable,
    List<String> allowed,
    String description)
    implements Serializable {}
