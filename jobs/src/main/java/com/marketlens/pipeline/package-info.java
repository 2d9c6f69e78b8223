/**
 * What every stage shares: the run's context, the stage contract, the base of the jobs, concurrency
 * from driver threads, Spark job groups and cached data released in one place.
 *
 * <p>Depends on: config, io, quality, schema.
 */
package com.marketlens.pipeline;
