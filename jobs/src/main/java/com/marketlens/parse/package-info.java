/**
 * Pure parsers of scraped values (timestamps, numbers with 万/亿, discounts such as 7折, units, IPs);
 * a value they refuse is a quarantine reason.
 *
 * <p>Depends on: quality.
 */
package com.marketlens.parse;
