/**
 * Scraped files to bronze, as read, with their provenance; a file is ingested once.
 *
 * <p>Depends on: error, io, pipeline, quality, schema.
 */
package com.marketlens.ingest;
