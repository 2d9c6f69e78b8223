package com.marketlens.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/contracts.md is rendered from schemas/: it must not drift. */
class TestContractDocs {

  @Test
  void theCommittedContractDocsMatchTheContracts() throws IOException {
    Path home = Path.of(System.getProperty("marketlens.home", ".."));
    String rendered = ContractDocs.render(Contracts.load(home.resolve("schemas").toString()));
    assertThat(rendered).contains("### sns_users").contains("| `user_key` | string | no |");
    assertThat(Files.readString(home.resolve("docs/contracts.md")))
        .as("docs/contracts.md is stale: run bin/marketlens contracts --out docs/contracts.md")
        .isEqualTo(rendered);
  }
}
