package com.marketlens.cli;

import java.util.List;
import picocli.CommandLine.Mixin;

/** A pipeline command that works per dataset, and so offers --dataset. */
abstract class DatasetCommand extends PipelineCommand {

  @Mixin DatasetOption dataset;

  @Override
  List<String> datasets() {
    return dataset.selected();
  }
}
