/**
 * The HTML report over the gold tables.
 *
 * <p>Depends on: error, gold.growth, io, pipeline, schema.
 */
package com.marketlens.report;
