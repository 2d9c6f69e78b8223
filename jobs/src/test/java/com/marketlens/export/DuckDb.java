package com.marketlens.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory DuckDB with the views of bi/duckdb_views.sql over an exports folder (tests only).
 */
public final class DuckDb implements AutoCloseable {

  private final Connection connection;

  public DuckDb() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
  }

  /**
   * With every view of bi/duckdb_views.sql (DuckDB checks at creation that each table's files
   * exist).
   */
  public DuckDb(Path home, Path exports) throws Exception {
    this();
    execute("SET VARIABLE exports = '" + exports.toAbsolutePath() + "'");
    String script =
        Files.readString(home.resolve("bi/duckdb_views.sql"))
            .lines()
            .filter(l -> !l.startsWith("--"))
            .reduce("", (a, b) -> a + "\n" + b);
    for (String statement : script.split(";")) {
      String sql = statement.strip();
      if (!sql.isEmpty()) {
        execute(sql);
      }
    }
  }

  public void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /** All rows, each as its columns' string values. */
  public List<List<String>> query(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(r.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
