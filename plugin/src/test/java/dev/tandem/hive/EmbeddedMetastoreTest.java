package dev.tandem.hive;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.NotificationEventRequest;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.messaging.AddPartitionMessage;
import org.apache.hadoop.hive.metastore.messaging.MessageFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two metastores in one JVM stay apart, and each writes a standard notification log. */
@RealComponents
class EmbeddedMetastoreTest {
  private static File work;
  private static EmbeddedMetastore east;
  private static EmbeddedMetastore west;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "hms").toFile();
    String fs = new File(work, "fs").toURI().toString().replaceAll("/$", "");
    long t0 = System.nanoTime();
    east = EmbeddedMetastore.start("east", new File(work, "east"), fs + "/east", Map.of());
    west = EmbeddedMetastore.start("west", new File(work, "west"), fs + "/west", Map.of());
    System.out.println("two metastores up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  @AfterAll
  static void stop() {
    if (west != null) {
      west.close();
    }
    if (east != null) {
      east.close();
    }
    FileUtil.fullyDelete(work);
  }

  @Test
  void metastoresAreIndependentAndLogEvents() throws Exception {
    try (HmsClient a = HmsClient.connect(east.uri(), 30_000); HmsClient b = HmsClient.connect(west.uri(), 10_000)) {
      long before = a.rpc().get_current_notificationEventId().getEventId();
      a.rpc().create_database(new Database("sales", "", new File(work, "fs/east/sales.db").toURI().toString(),
          new HashMap<>()));
      Table t = table("sales", "orders", new File(work, "fs/east/sales.db/orders").toURI().toString());
      a.rpc().create_table(t);
      Partition p = new Partition(List.of("2024-01-01"), "sales", "orders", 0, 0,
          sd(t.getSd().getLocation() + "/dt=2024-01-01"), new HashMap<>());
      a.rpc().add_partitions(List.of(p));

      assertThat(a.rpc().get_all_databases()).contains("sales");
      assertThat(b.rpc().get_all_databases()).doesNotContain("sales");

      var events = a.rpc().get_next_notification(new NotificationEventRequest(before)).getEvents();
      assertThat(events).extracting(e -> e.getEventType())
          .containsExactly("CREATE_DATABASE", "CREATE_TABLE", "ADD_PARTITION");
      var last = events.get(2);
      AddPartitionMessage m = MessageFactory.getInstance(last.getMessageFormat()).getDeserializer()
          .getAddPartitionMessage(last.getMessage());
      assertThat(m.getPartitionObjs().iterator().next().getValues()).containsExactly("2024-01-01");
      assertThat(b.rpc().get_current_notificationEventId().getEventId()).isZero();
    }
  }

  @Test
  void rpcsThatHive31DoesNotServeAreRefused() {
    try (HmsClient a = HmsClient.connect(east.uri(), 10_000)) {
      assertThatThrownBy(() -> a.rpc().get_partitions_req(null))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("get_partitions_req");
    }
  }

  static Table table(String db, String name, String location) {
    Table t = new Table();
    t.setDbName(db);
    t.setTableName(name);
    t.setOwner("etl");
    t.setTableType("EXTERNAL_TABLE");
    t.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE")));
    t.setPartitionKeys(List.of(new FieldSchema("dt", "string", "")));
    t.setSd(sd(location));
    return t;
  }

  static StorageDescriptor sd(String location) {
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(List.of(new FieldSchema("id", "bigint", ""), new FieldSchema("amount", "double", "")));
    sd.setLocation(location);
    sd.setInputFormat("org.apache.hadoop.mapred.TextInputFormat");
    sd.setOutputFormat("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    sd.setSerdeInfo(new SerDeInfo("text", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", new HashMap<>()));
    sd.setParameters(new HashMap<>());
    return sd;
  }
}
