/**
 * One picocli subcommand per stage and the option groups they share: options are parsed, checked
 * and turned into a configuration here, and nothing else is done here; the work is in the stage
 * jobs.
 *
 * <p>Depends on: config, error, export, generate, gold.growth, ingest, io, maintenance, pipeline,
 * quality, refine, report, schema, stages.
 */
package com.marketlens.cli;
