package com.marketlens;

import com.marketlens.cli.Commands;
import com.marketlens.error.MarketLensException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code marketlens} command line: one subcommand per stage. Exit codes: 0 success, 1 a data or
 * runtime failure, 2 a usage or configuration error. User-facing errors print one line, no stack
 * trace.
 */
@Command(
    name = "marketlens",
    mixinStandardHelpOptions = true,
    version = "MarketLens 0.1.0",
    description = "Batch analytics over scraped SNS and cloud pricing data (Spark + Delta Lake).",
    subcommands = {CommandLine.HelpCommand.class})
public final class MarketLens implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /**
   * The command line with its subcommands and parsing rules (also what the DAG test parses with).
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new MarketLens());
    Commands.register(cli);
    // --job graph as documented, or GRAPH as picocli lists the values in its errors.
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  /** Runs the command line with the given output streams (the tests capture them). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter errors = commandLine.getErr();
          if (e instanceof MarketLensException m) {
            errors.println("marketlens: " + m.getMessage());
            if (m.kind() == MarketLensException.Kind.USAGE) {
              errors.println(
                  "Run 'marketlens " + commandLine.getCommandName() + " --help' for usage.");
              return 2;
            }
            return 1;
          }
          errors.println("marketlens: unexpected failure (a bug or an environment problem):");
          e.printStackTrace(errors);
          return 1;
        });
    return cli.execute(args);
  }
}
