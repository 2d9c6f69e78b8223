/**
 * The HTML report over the gold tables.
 *
 * <p>Depends on: error, io, pipeline, schema.
 */
package com.marketlens.report;
