/**
 * Gold tables to Parquet for BI tools: staged, checked and swapped in, with a manifest.
 *
 * <p>Depends on: error, io, pipeline, quality, schema.
 */
package com.marketlens.export;
