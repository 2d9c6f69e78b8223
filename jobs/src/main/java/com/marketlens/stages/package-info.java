/**
 * The stage registry and the sequencing of a run: ingest, refine, the gold jobs their inputs allow,
 * export.
 *
 * <p>Depends on: export, gold, gold.graph, gold.growth, gold.pricewar, ingest, io, pipeline,
 * quality, refine, schema.
 */
package com.marketlens.stages;
