/**
 * Table maintenance, not refinement: compaction and Z-ordering of the large silver tables.
 *
 * <p>Depends on: config, error, io, pipeline, quality, schema.
 */
package com.marketlens.maintenance;
