/**
 * The data contracts (schemas/): loaded, validated and rendered as documentation and BI SQL; the
 * dataset and table names.
 *
 * <p>Depends on: error, parse.
 */
package com.marketlens.schema;
