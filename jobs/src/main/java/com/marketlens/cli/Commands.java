package com.marketlens.cli;

import picocli.CommandLine;

/** Registers the subcommands, so their classes can stay package-private. */
public final class Commands {

  private Commands() {}

  public static void register(CommandLine cli) {
    cli.addSubcommand(new GenerateCommand());
    cli.addSubcommand(new ContractsCommand());
    cli.addSubcommand(new IngestCommand());
    cli.addSubcommand(new RefineCommand());
    cli.addSubcommand(new GoldCommand());
    cli.addSubcommand(new ExportCommand());
    cli.addSubcommand(new OptimizeCommand());
    cli.addSubcommand(new ReportCommand());
    cli.addSubcommand(new RunCommand());
  }
}
