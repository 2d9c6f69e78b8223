package com.marketlens.cli;

import com.marketlens.config.ConfigurationDocs;
import com.marketlens.error.Errors;
import com.marketlens.schema.BiDocs;
import com.marketlens.schema.ContractDocs;
import com.marketlens.schema.Contracts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "contracts",
    mixinStandardHelpOptions = true,
    description = "Check the contract files and render them as Markdown (stdout, or --out FILE).")
final class ContractsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--schemas",
      paramLabel = "DIR",
      description = "Contract folder (default: the copy in the jar).")
  String schemas;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the Markdown here instead of stdout.")
  Path out;

  @Option(
      names = "--bi",
      paramLabel = "DIR",
      description = "Also write the BI SQL (duckdb_views.sql, trino_tables.sql) into this folder.")
  Path bi;

  @Option(
      names = "--bi-doc",
      paramLabel = "FILE",
      description = "Also write the BI export docs (docs/bi.md).")
  Path biDoc;

  @Option(
      names = "--config-doc",
      paramLabel = "FILE",
      description = "Also write the configuration reference (docs/configuration.md).")
  Path configDoc;

  @Override
  public Integer call() {
    Contracts contracts = Contracts.load(schemas);
    if (configDoc != null) {
      write(configDoc, ConfigurationDocs.markdown());
    }
    if (bi != null) {
      write(bi.resolve(BiDocs.DUCKDB_VIEWS), BiDocs.duckdbViews(contracts));
      write(bi.resolve(BiDocs.TRINO_TABLES), BiDocs.trinoTables(contracts));
    }
    if (biDoc != null) {
      write(biDoc, BiDocs.markdown(contracts));
    }
    String markdown = ContractDocs.render(contracts);
    if (out == null) {
      spec.commandLine().getOut().print(markdown);
      spec.commandLine().getOut().flush();
      return 0;
    }
    write(out, markdown);
    return 0;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.unreadableFile(file.toString(), e);
    }
  }
}
