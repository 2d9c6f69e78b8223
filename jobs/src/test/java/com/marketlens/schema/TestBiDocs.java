package com.marketlens.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** bi/*.sql and docs/bi.md are rendered from schemas/: they must not drift. */
class TestBiDocs {

  private static final String HOW =
      "run bin/marketlens contracts --schemas schemas --out docs/contracts.md --bi bi"
          + " --bi-doc docs/bi.md";

  @Test
  void theCommittedBiFilesMatchTheContracts() throws IOException {
    Path home = Path.of(System.getProperty("marketlens.home", ".."));
    Contracts contracts = Contracts.load(home.resolve("schemas").toString());
    assertThat(Files.readString(home.resolve("bi/duckdb_views.sql")))
        .as(HOW)
        .isEqualTo(BiDocs.duckdbViews(contracts));
    assertThat(Files.readString(home.resolve("bi/trino_tables.sql")))
        .as(HOW)
        .isEqualTo(BiDocs.trinoTables(contracts));
    assertThat(Files.readString(home.resolve("docs/bi.md")))
        .as(HOW)
        .isEqualTo(BiDocs.markdown(contracts));
  }

  @Test
  void typesMapToEachEngine() {
    assertThat(BiDocs.trinoType("map<string,date>")).isEqualTo("map(varchar, date)");
    assertThat(BiDocs.trinoType("decimal(20,6)")).isEqualTo("decimal(20,6)");
    assertThat(BiDocs.duckdbType("map<string,double>")).isEqualTo("MAP(VARCHAR, DOUBLE)");
    assertThat(BiDocs.duckdbType("array<string>")).isEqualTo("VARCHAR[]");
    assertThat(BiDocs.duckdbType("timestamp")).isEqualTo("TIMESTAMP WITH TIME ZONE");
  }
}
