/**
 * The {@code marketlens} command line: the entry point only (subcommands, exit codes, error
 * reporting).
 *
 * <p>Depends on: cli, error.
 */
package com.marketlens;
