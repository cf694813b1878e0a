package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.NotificationEvent;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.messaging.EventMessage;
import org.apache.hadoop.hive.metastore.messaging.EventMessage.EventType;
import org.apache.hadoop.hive.metastore.messaging.MessageBuilder;
import org.apache.hadoop.hive.metastore.messaging.MessageEncoder;
import org.apache.hadoop.hive.metastore.messaging.json.JSONMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * The events after a plan's event id replayed onto a dump that was read later, while another client kept
 * changing the tables: the dump may already show what later events do (a table dropped and created again, a
 * rename), and the result must still be the state after the last event.
 */
class HmsEventReplayerTest {
  private static final String EAST = "hdfs://east:8020";
  private static final String WEST = "hdfs://west:8020";
  private static final MessageEncoder JSON = JSONMessageEncoder.getInstance();
  private static final MessageBuilder MESSAGES = MessageBuilder.getInstance();

  private final LocationRewriter rewriter = new LocationRewriter(EAST, WEST);
  private final HmsEventReplayer replayer = new HmsEventReplayer(new HiveScope(Set.of("s"), Set.of()), rewriter);
  private long id;

  /**
   * The writer added seq=5 to s.t, dropped it, dropped s.t and created it again with partition keys (day, hour),
   * and added day=1/hour=2; the dump was read after all of it.
   */
  @Test
  void partitionEventsOfATableSinceCreatedAgainWithOtherKeys() {
    Table old = table("t", List.of("seq"));
    Table again = table("t", List.of("day", "hour"));
    HiveImage dump = new HiveImage(0);
    dump.tables().put("s.t", image(again, partition(again, "1", "2")));

    for (NotificationEvent e : List.of(
        event(EventType.ADD_PARTITION, "t", MESSAGES.buildAddPartitionMessage(old,
            List.of(partition(old, "5")).iterator(), Collections.emptyIterator())),
        event(EventType.DROP_PARTITION, "t", MESSAGES.buildDropPartitionMessage(old,
            List.of(partition(old, "5")).iterator())),
        event(EventType.DROP_TABLE, "t", MESSAGES.buildDropTableMessage(old)),
        event(EventType.CREATE_TABLE, "t", MESSAGES.buildCreateTableMessage(again, Collections.emptyIterator())),
        event(EventType.ADD_PARTITION, "t", MESSAGES.buildAddPartitionMessage(again,
            List.of(partition(again, "1", "2")).iterator(), Collections.emptyIterator())))) {
      replayer.apply(e, dump);
    }

    assertThat(dump.tables()).containsOnlyKeys("s.t");
    assertThat(dump.tables().get("s.t").table().getPartitionKeys()).isEqualTo(again.getPartitionKeys());
    assertThat(dump.tables().get("s.t").partitions()).containsOnlyKeys("day=1/hour=2");
    assertThat(dump.tables().get("s.t").partitions().get("day=1/hour=2").getSd().getLocation())
        .isEqualTo(WEST + "/w/s.db/t/day=1/hour=2");
  }

  /** A partition dropped (with its table) after the dump was read: the dump names it with the old table's keys. */
  @Test
  void dropOfAPartitionOfATableTheDumpHoldsAnotherVersionOf() {
    Table old = table("t", List.of("seq"));
    Table again = table("t", List.of("day", "hour"));
    HiveImage dump = new HiveImage(0);
    dump.tables().put("s.t", image(again, partition(again, "1", "2")));

    replayer.apply(event(EventType.DROP_PARTITION, "t", MESSAGES.buildDropPartitionMessage(old,
        List.of(partition(old, "5")).iterator())), dump);

    assertThat(dump.tables().get("s.t").partitions()).containsOnlyKeys("day=1/hour=2");
  }

  /** s.a renamed to s.b after the plan's event id, the dump read after the rename: b keeps its partitions. */
  @Test
  void renameOfATableTheDumpReadUnderItsNewName() {
    Table a = table("a", List.of("seq"));
    Table b = table("b", List.of("seq"));
    b.getSd().setLocation(a.getSd().getLocation());
    HiveImage dump = new HiveImage(0);
    dump.tables().put("s.b", image(b, partition(b, "1"), partition(b, "2")));

    replayer.apply(event(EventType.ALTER_TABLE, "a", MESSAGES.buildAlterTableMessage(a, b, false, -1L)), dump);

    assertThat(dump.tables()).containsOnlyKeys("s.b");
    assertThat(dump.tables().get("s.b").partitions()).containsOnlyKeys("seq=1", "seq=2");
  }

  /** The same rename replayed in order onto the image before it moves the partitions along. */
  @Test
  void renameReplayedInOrderMovesThePartitions() {
    Table a = table("a", List.of("seq"));
    Table b = table("b", List.of("seq"));
    b.getSd().setLocation(EAST + "/w/s.db/b");
    HiveImage image = new HiveImage(0);
    image.tables().put("s.a", image(a, partition(a, "1")));

    replayer.apply(event(EventType.ALTER_TABLE, "a", MESSAGES.buildAlterTableMessage(a, b, false, -1L)), image);

    assertThat(image.tables()).containsOnlyKeys("s.b");
    Partition moved = image.tables().get("s.b").partitions().get("seq=1");
    assertThat(moved.getTableName()).isEqualTo("b");
    assertThat(moved.getSd().getLocation()).isEqualTo(WEST + "/w/s.db/b/seq=1");
  }

  /** What a primary read returns for a partition being dropped meanwhile: no values, or too few. */
  @Test
  void partitionsThatDoNotReadWholeHaveNoName() {
    Table t = table("t", List.of("day", "hour"));
    assertThat(HiveObjects.partitionNameIfWhole(t, List.of())).isEmpty();
    assertThat(HiveObjects.partitionNameIfWhole(t, List.of("1"))).isEmpty();
    assertThat(HiveObjects.partitionNameIfWhole(t, java.util.Arrays.asList("1", null))).isEmpty();
    assertThat(HiveObjects.partitionNameIfWhole(table("u", List.of()), List.of())).isEmpty();
    assertThat(HiveObjects.partitionNameIfWhole(t, List.of("1", "2"))).contains("day=1/hour=2");
  }

  private NotificationEvent event(EventType type, String table, EventMessage message) {
    NotificationEvent e = new NotificationEvent(++id, 0, type.toString(), JSON.getSerializer().serialize(message));
    e.setMessageFormat(JSON.getMessageFormat());
    e.setDbName("s");
    e.setTableName(table);
    return e;
  }

  private HiveImage.TableImage image(Table t, Partition... parts) {
    HiveImage.TableImage ti = new HiveImage.TableImage(HiveObjects.forSecondary(t, rewriter));
    for (Partition p : parts) {
      ti.partitions().put(HiveObjects.partitionName(t, p.getValues()), HiveObjects.forSecondary(p, rewriter));
    }
    return ti;
  }

  private static Table table(String name, List<String> keys) {
    Table t = new Table();
    t.setDbName("s");
    t.setTableName(name);
    t.setOwner("etl");
    t.setTableType(HiveObjects.EXTERNAL);
    t.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE")));
    t.setPartitionKeys(keys.stream().map(k -> new FieldSchema(k, "string", "")).toList());
    t.setSd(sd(EAST + "/w/s.db/" + name));
    return t;
  }

  private static Partition partition(Table t, String... values) {
    StringBuilder path = new StringBuilder(t.getSd().getLocation());
    for (int i = 0; i < values.length; i++) {
      path.append('/').append(t.getPartitionKeys().get(i).getName()).append('=').append(values[i]);
    }
    return new Partition(List.of(values), "s", t.getTableName(), 0, 0, sd(path.toString()), new HashMap<>());
  }

  private static StorageDescriptor sd(String location) {
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(List.of(new FieldSchema("id", "bigint", "")));
    sd.setLocation(location);
    sd.setInputFormat("org.apache.hadoop.mapred.TextInputFormat");
    sd.setOutputFormat("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    sd.setSerdeInfo(new SerDeInfo("text", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", new HashMap<>()));
    sd.setParameters(new HashMap<>());
    return sd;
  }
}
