/**
 * Bronze to silver: typed, normalized, pseudonymized, deduplicated, latest scrape per key,
 * quarantine for what breaks the contract.
 *
 * <p>Depends on: error, io, parse, pipeline, quality, schema.
 */
package com.marketlens.refine;
