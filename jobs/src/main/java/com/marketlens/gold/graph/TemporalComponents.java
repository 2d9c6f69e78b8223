package com.marketlens.gold.graph;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.graphx.Edge;
import org.apache.spark.graphx.EdgeDirection;
import org.apache.spark.graphx.EdgeTriplet;
import org.apache.spark.graphx.Graph;
import org.apache.spark.graphx.Pregel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import scala.Function1;
import scala.Function2;
import scala.Function3;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Connected components of every monthly snapshot of a growing graph in one GraphX Pregel run,
 * instead of one connected-components run per month. Each vertex holds a {@link MonthSteps}: for
 * every month, the smallest vertex id reachable through edges made by that month. An edge made in
 * month m passes a neighbour's labels on from month m only. Labels only fall, so the run ends when
 * no vertex can lower any month's label; a vertex's label in month t is then the id of its
 * component's smallest member in the month-t snapshot.
 */
final class TemporalComponents {

  private static final ClassTag<MonthSteps> STEPS = ClassTag$.MODULE$.apply(MonthSteps.class);
  private static final ClassTag<Integer> MONTH = ClassTag$.MODULE$.apply(Integer.class);

  private TemporalComponents() {}

  /**
   * @param vertices (vertex id, first month index the vertex exists)
   * @param edges undirected edges, each once, attribute = month index the edge was made
   * @return rows (vertex_id, from_month, until_month or null, label): the label from from_month up
   *     to (excluding) until_month
   */
  static JavaRDD<Row> labels(
      JavaRDD<Tuple2<Object, Integer>> vertices, JavaRDD<Edge<Integer>> edges) {
    JavaRDD<Tuple2<Object, MonthSteps>> initial =
        vertices.map(v -> new Tuple2<>(v._1(), MonthSteps.of(v._2(), (Long) v._1())));
    Graph<MonthSteps, Integer> graph =
        Graph.apply(
            initial.rdd(),
            edges.rdd(),
            MonthSteps.EMPTY,
            StorageLevel.MEMORY_AND_DISK(),
            StorageLevel.MEMORY_AND_DISK(),
            STEPS,
            MONTH);
    Function3<Object, MonthSteps, MonthSteps, MonthSteps> merge =
        (Function3<Object, MonthSteps, MonthSteps, MonthSteps> & Serializable)
            (id, state, msg) -> state.min(msg);
    Function1<EdgeTriplet<MonthSteps, Integer>, Iterator<Tuple2<Object, MonthSteps>>> send =
        (Function1<EdgeTriplet<MonthSteps, Integer>, Iterator<Tuple2<Object, MonthSteps>>>
                & Serializable)
            TemporalComponents::improvements;
    Function2<MonthSteps, MonthSteps, MonthSteps> combine =
        (Function2<MonthSteps, MonthSteps, MonthSteps> & Serializable) MonthSteps::min;
    Graph<MonthSteps, Integer> done =
        Pregel.apply(
            graph,
            MonthSteps.EMPTY,
            Integer.MAX_VALUE,
            EdgeDirection.Either(),
            merge,
            send,
            combine,
            STEPS,
            MONTH,
            STEPS);
    return done.vertices()
        .toJavaRDD()
        .flatMap(
            v -> {
              MonthSteps steps = v._2();
              List<Row> rows = new ArrayList<>(steps.size());
              for (int k = 0; k < steps.size(); k++) {
                Integer until = k + 1 < steps.size() ? steps.start(k + 1) : null;
                rows.add(RowFactory.create((Long) v._1(), steps.start(k), until, steps.label(k)));
              }
              return rows.iterator();
            });
  }

  /** Messages that lower some month's label at the other end of the edge. */
  private static Iterator<Tuple2<Object, MonthSteps>> improvements(
      EdgeTriplet<MonthSteps, Integer> edge) {
    List<Tuple2<Object, MonthSteps>> out = new ArrayList<>(2);
    int month = edge.attr();
    MonthSteps toDst = edge.srcAttr().since(month);
    if (!edge.dstAttr().min(toDst).equals(edge.dstAttr())) {
      out.add(new Tuple2<>(edge.dstId(), toDst));
    }
    MonthSteps toSrc = edge.dstAttr().since(month);
    if (!edge.srcAttr().min(toSrc).equals(edge.srcAttr())) {
      out.add(new Tuple2<>(edge.srcId(), toSrc));
    }
    return CollectionConverters.asScala(out.iterator());
  }
}
