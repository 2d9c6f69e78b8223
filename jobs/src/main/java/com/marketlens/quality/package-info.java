/**
 * The data-quality vocabulary: quarantine reasons and the per-stage report (read = loaded +
 * quarantined + duplicates).
 *
 * <p>Depends on: nothing.
 */
package com.marketlens.quality;
