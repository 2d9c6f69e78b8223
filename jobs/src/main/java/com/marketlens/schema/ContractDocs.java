package com.marketlens.schema;

/**
 * Renders the contracts as Markdown (docs/contracts.md), so the docs are the contracts, never a
 * copy.
 */
public final class ContractDocs {

  private ContractDocs() {}

  public static String render(Contracts contracts) {
    StringBuilder md = new StringBuilder();
    md.append("# Data contracts\n\n")
        .append(
            "Generated from `schemas/` by `bin/marketlens contracts --out docs/contracts.md`; a test fails when\n")
        .append(
            "this file and the contracts disagree. Input columns are read as text and parsed by their format\n")
        .append(
            "(see [data-quality.md](data-quality.md)); silver columns carry Spark SQL types. Delta keeps\n")
        .append(
            "per-file min/max statistics (data skipping) for the columns listed under \"Statistics\"; tables\n")
        .append("without that line keep row counts only.\n");
    md.append("\n## Input datasets (scraped files)\n");
    for (String dataset : Datasets.ALL) {
      table(md, contracts.input(dataset), "format");
    }
    md.append("\n## Silver tables (`<warehouse>/silver/<dataset>`)\n");
    for (String dataset : Datasets.ALL) {
      table(md, contracts.silver(dataset), "type");
    }
    md.append("\n## Gold tables (`<warehouse>/gold/<table>`)\n");
    for (String table : GoldTables.ALL) {
      table(md, contracts.gold(table), "type");
    }
    md.append("\n## System tables\n");
    for (String name : Contracts.SYSTEM) {
      table(md, contracts.system(name), "type");
    }
    return md.toString();
  }

  private static void table(StringBuilder md, Contract c, String kind) {
    md.append("\n### ").append(c.name()).append("\n\n").append(c.description()).append("\n\n");
    if (!c.key().isEmpty()) {
      md.append("Key: ")
          .append(String.join(", ", c.key().stream().map(k -> "`" + k + "`").toList()))
          .append("\n\n");
    }
    if (!c.statsColumns().isEmpty()) {
      md.append("Statistics: ")
          .append(String.join(", ", c.statsColumns().stream().map(k -> "`" + k + "`").toList()))
          .append("\n\n");
    }
    md.append("| column | ").append(kind).append(" | nullable | allowed | description |\n");
    md.append("|---|---|---|---|---|\n");
    for (ColumnSpec col : c.columns()) {
      md.append("| `")
          .append(col.name())
          .append("` | ")
          .append(kind.equals("format") ? col.format() : col.type())
          .append(" | ")
          .append(col.nullable() ? "yes" : "no")
          .append(" | ")
          .append(String.join(", ", col.allowed()))
          .append(" | ")
          .append(col.description().replace("|", "\\|"))
          .append(" |\n");
    }
  }
}
