/**
 * What the gold jobs share: their silver inputs, tables written empty when inputs are missing, and
 * the write of a gold table.
 *
 * <p>Depends on: config, io, pipeline, quality, schema.
 */
package com.marketlens.gold;
