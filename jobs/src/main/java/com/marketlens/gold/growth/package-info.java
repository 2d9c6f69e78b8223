/**
 * The SNS growth gold tables: cohorts, growth accounting, channels, saturation fits, ceilings and
 * change points.
 *
 * <p>Depends on: config, error, gold, io, pipeline, quality, schema.
 */
package com.marketlens.gold.growth;
