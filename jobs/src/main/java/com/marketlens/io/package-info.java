/**
 * The floor of all I/O: Delta reads and writes, the audit table, source files and their parsing
 * into raw records, the warehouse layout and its run lock, the local file system.
 *
 * <p>Depends on: error, quality, schema.
 */
package com.marketlens.io;
