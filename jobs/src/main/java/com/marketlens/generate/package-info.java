/**
 * The synthetic scraped datasets with the story and messiness of data/sample, at any scale.
 *
 * <p>Depends on: error, parse.
 */
package com.marketlens.generate;
