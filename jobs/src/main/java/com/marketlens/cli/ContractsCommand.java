package com.marketlens.cli;

import com.marketlens.Errors;
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

@Command(name = "contracts", mixinStandardHelpOptions = true,
    description = "Check the contract files and render them as Markdown (stdout, or --out FILE).")
final class ContractsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--schemas", paramLabel = "DIR", description = "Contract folder (default: the copy in the jar).")
  String schemas;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the Markdown here instead of stdout.")
  Path out;

  @Override
  public Integer call() {
    String markdown = ContractDocs.render(Contracts.load(schemas));
    if (out == null) {
      spec.commandLine().getOut().print(markdown);
      spec.commandLine().getOut().flush();
      return 0;
    }
    try {
      Files.writeString(out, markdown, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.unreadableFile(out.toString(), e);
    }
    return 0;
  }
}
