package com.marketlens.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketlens.error.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;

/**
 * Loads every contract once, at start-up, from a schemas folder ({@code marketlens.schemas}) or,
 * when none is set, from the copy packaged in the application jar. Any unreadable or inconsistent
 * file fails here with its path, before a single table is touched.
 */
public final class Contracts {

  public static final String ALIASES = "reference/name_aliases.csv";

  /** The system tables, in the order docs/contracts.md shows them. */
  public static final List<String> SYSTEM =
      List.of(
          "bronze_metadata",
          "quarantine",
          "pipeline_runs",
          "ingested_files",
          "refine_watermarks",
          "activity_unknown_users",
          "active_histories",
          "growth_analyses",
          "gold_builds");

  private final String source;
  private final Map<String, Contract> contracts = new LinkedHashMap<>();
  private final NameAliases aliases;
  private final Map<String, ExportSpec> exports = new LinkedHashMap<>();

  private Contracts(String schemasDir) {
    this.source = schemasDir == null ? "classpath:schemas" : schemasDir;
    ObjectMapper json = new ObjectMapper();
    for (String dataset : Datasets.ALL) {
      put(json, "input", dataset);
      put(json, "silver", dataset);
    }
    for (String name : SYSTEM) {
      put(json, "system", name);
    }
    for (String name : GoldTables.ALL) {
      put(json, "gold", name);
    }
    this.aliases = new NameAliases(readAliases());
    readExports(json);
  }

  /**
   * Loads the contracts from a folder, or from the jar when {@code schemasDir} is null or empty.
   */
  public static Contracts load(String schemasDir) {
    return new Contracts(schemasDir == null || schemasDir.isBlank() ? null : schemasDir);
  }

  public Contract input(String dataset) {
    return get("input", dataset);
  }

  public Contract silver(String dataset) {
    return get("silver", dataset);
  }

  public Contract gold(String table) {
    return get("gold", table);
  }

  public Contract system(String name) {
    return get("system", name);
  }

  /** The export settings of a gold table. */
  public ExportSpec export(String table) {
    ExportSpec spec = exports.get(table);
    if (spec == null) {
      throw Errors.unknownDataset(table, exports.keySet());
    }
    return spec;
  }

  /** Every exported table, in gold order. */
  public List<ExportSpec> exports() {
    return List.copyOf(exports.values());
  }

  public NameAliases aliases() {
    return aliases;
  }

  private Contract get(String layer, String name) {
    Contract c = contracts.get(layer + "/" + name);
    if (c == null) {
      throw Errors.unknownDataset(name, Datasets.ALL);
    }
    return c;
  }

  private void put(ObjectMapper json, String layer, String name) {
    String where = source + "/" + layer + "/" + name + ".json";
    JsonNode root;
    try (InputStream in = open(layer + "/" + name + ".json")) {
      root = json.readTree(in);
    } catch (IOException | RuntimeException e) {
      throw Errors.unreadableContract(where, e);
    }
    contracts.put(layer + "/" + name, parse(root, layer, name, where));
  }

  private static Contract parse(JsonNode root, String layer, String name, String where) {
    if (root == null || !root.isObject() || !root.path("columns").isArray()) {
      throw Errors.invalidContract(where, "expected an object with a `columns` array");
    }
    if (!name.equals(root.path("name").asText())) {
      throw Errors.invalidContract(where, "`name` must be `" + name + "`");
    }
    List<ColumnSpec> columns = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode c : root.get("columns")) {
      String column = c.path("name").asText("");
      if (column.isEmpty() || !names.add(column)) {
        throw Errors.invalidContract(
            where, "column names must be present and unique (`" + column + "`)");
      }
      List<String> allowed = new ArrayList<>();
      c.path("allowed").forEach(v -> allowed.add(v.asText()));
      String format = c.path("format").asText(null);
      String type = c.path("type").asText(null);
      if ("input".equals(layer) && InputFormat.of(format) == null) {
        throw Errors.invalidContract(
            where, "column `" + column + "` has unknown format `" + format + "`");
      }
      if (!"input".equals(layer)) {
        try {
          DataType.fromDDL(String.valueOf(type));
        } catch (RuntimeException e) {
          throw Errors.invalidContract(
              where, "column `" + column + "` has unknown type `" + type + "`");
        }
      }
      if (!c.path("nullable").isBoolean()) {
        throw Errors.invalidContract(where, "column `" + column + "` needs a boolean `nullable`");
      }
      columns.add(
          new ColumnSpec(
              column,
              format,
              type,
              c.get("nullable").asBoolean(),
              List.copyOf(allowed),
              c.path("description").asText("")));
    }
    List<String> key = new ArrayList<>();
    root.path("key").forEach(k -> key.add(k.asText()));
    for (String k : key) {
      if (!names.contains(k)) {
        throw Errors.invalidContract(where, "key column `" + k + "` is not a column");
      }
    }
    return new Contract(
        name, layer, root.path("description").asText(""), List.copyOf(key), List.copyOf(columns));
  }

  private List<String[]> readAliases() {
    String where = source + "/" + ALIASES;
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = open(ALIASES)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n");
      for (int i = 1; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        String[] row = lines[i].split(",", -1);
        if (row.length != 3) {
          throw Errors.invalidContract(where, "line " + (i + 1) + " must be kind,alias,canonical");
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw Errors.unreadableContract(where, e);
    }
    return rows;
  }

  public static final String EXPORTS = "export/exports.json";

  /**
   * Reads the export settings; every gold table must have exactly one, partitioned by its own
   * columns.
   */
  private void readExports(ObjectMapper json) {
    String where = source + "/" + EXPORTS;
    JsonNode root;
    try (InputStream in = open(EXPORTS)) {
      root = json.readTree(in);
    } catch (IOException | RuntimeException e) {
      throw Errors.unreadableContract(where, e);
    }
    Map<String, ExportSpec> byTable = new LinkedHashMap<>();
    for (JsonNode t : root.path("tables")) {
      String table = t.path("table").asText("");
      if (!GoldTables.ALL.contains(table) || byTable.containsKey(table)) {
        throw Errors.invalidContract(
            where, "`" + table + "` is not a gold table or is listed twice");
      }
      List<String> partitions = new ArrayList<>();
      t.path("partition_by").forEach(p -> partitions.add(p.asText()));
      Contract contract = gold(table);
      for (String p : partitions) {
        if (!contract.columnNames().contains(p) || contract.column(p).nullable()) {
          throw Errors.invalidContract(
              where,
              "`"
                  + table
                  + "` is partitioned by `"
                  + p
                  + "`, which is not a non-nullable column of the table");
        }
      }
      if (!t.path("schema_version").canConvertToInt() || t.path("schema_version").asInt() < 1) {
        throw Errors.invalidContract(
            where, "`" + table + "` needs a positive whole `schema_version`");
      }
      byTable.put(
          table,
          new ExportSpec(
              table,
              t.path("schema_version").asInt(),
              List.copyOf(partitions),
              t.path("example_query").asText("")));
    }
    for (String table : GoldTables.ALL) {
      if (!byTable.containsKey(table)) {
        throw Errors.invalidContract(where, "gold table `" + table + "` has no export entry");
      }
      exports.put(table, byTable.get(table));
    }
  }

  private InputStream open(String relative) throws IOException {
    if (source.startsWith("classpath:")) {
      InputStream in = Contracts.class.getResourceAsStream("/schemas/" + relative);
      if (in == null) {
        throw new IOException("not packaged in the application jar");
      }
      return in;
    }
    Path path = Path.of(source, relative);
    if (!Files.isReadable(path)) {
      throw new IOException("file missing or not readable");
    }
    return Files.newInputStream(path);
  }
}
