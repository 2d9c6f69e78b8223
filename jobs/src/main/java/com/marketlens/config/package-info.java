/**
 * The settings (one declaration each, with default, parser and doc), the resolved configuration of
 * a run, and the SparkSession it gets.
 *
 * <p>Depends on: error, io, parse.
 */
package com.marketlens.config;
