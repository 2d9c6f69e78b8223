package com.marketlens.cli;

import com.marketlens.schema.Datasets;
import java.util.List;
import picocli.CommandLine.Option;

/** The --dataset option, offered only by the commands that work per dataset. */
final class DatasetOption {

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      split = ",",
      description = "Only these datasets (default: all nine).")
  List<String> datasets;

  List<String> selected() {
    return datasets == null ? Datasets.ALL : datasets;
  }
}
