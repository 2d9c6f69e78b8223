/**
 * The cloud price-war gold tables: price index, unit economics, price wars, segment losses, exits
 * and survival.
 *
 * <p>Depends on: gold, io, pipeline, quality, schema.
 */
package com.marketlens.gold.pricewar;
