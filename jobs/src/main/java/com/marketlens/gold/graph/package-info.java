/**
 * The social-graph gold tables (GraphX): graph_summary, org_density, user_graph_metrics,
 * cohort_graph_growth.
 *
 * <p>Depends on: gold, io, pipeline, quality, schema.
 */
package com.marketlens.gold.graph;
