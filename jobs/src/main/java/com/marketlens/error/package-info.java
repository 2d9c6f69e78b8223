/**
 * The user-facing error type and the one factory that builds every message (problem, offending
 * value, fix).
 *
 * <p>Depends on: nothing.
 */
package com.marketlens.error;
