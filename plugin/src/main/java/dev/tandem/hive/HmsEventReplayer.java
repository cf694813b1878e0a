package dev.tandem.hive;

import dev.tandem.model.TandemException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.NotificationEvent;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.messaging.AddPartitionMessage;
import org.apache.hadoop.hive.metastore.messaging.AlterPartitionMessage;
import org.apache.hadoop.hive.metastore.messaging.AlterTableMessage;
import org.apache.hadoop.hive.metastore.messaging.DropPartitionMessage;
import org.apache.hadoop.hive.metastore.messaging.MessageDeserializer;
import org.apache.hadoop.hive.metastore.messaging.MessageFactory;

/**
 * Replays the primary's notification events onto a {@link HiveImage}: each event's after-image replaces what
 * it describes, so replaying an event twice, or over a dump that already shows it, changes nothing more.
 * Events of objects outside the group's scope are skipped by their database and table names before their
 * message is parsed.
 */
final class HmsEventReplayer {
  /** Hive's own wording, kept so operators recognise the condition. */
  static final String EVENTS_MISSING = "Notification events are missing in the meta store.";

  private final HiveScope scope;
  private final LocationRewriter rewriter;

  HmsEventReplayer(HiveScope scope, LocationRewriter rewriter) {
    this.scope = scope;
    this.rewriter = rewriter;
  }

  /** What one replay did. */
  record Replay(long eventsRead, long eventsApplied, Set<String> tablesTouched, boolean databasesTouched) {}

  /** Thrown when the log no longer holds every event after {@code from}: they expired. */
  static final class EventsMissing extends TandemException {
    EventsMissing(long expected, long found) {
      super(EVENTS_MISSING + " Expected event " + expected + ", the oldest left is " + found);
    }
  }

  /** Applies the events in {@code (from, to]} read from the primary onto {@code image}. */
  Replay replay(HmsClient primary, long from, long to, HiveImage image) {
    long next = from;
    long read = 0;
    long applied = 0;
    Set<String> touched = new HashSet<>();
    boolean databases = false;
    while (next < to) {
      long after = next;
      List<NotificationEvent> events = primary.eventsAfter(next, to);
      if (events.isEmpty()) {
        throw new EventsMissing(after + 1, -1);
      }
      for (NotificationEvent e : events) {
        if (e.getEventId() != next + 1) {
          throw new EventsMissing(next + 1, e.getEventId());
        }
        next = e.getEventId();
        if (next > to) {
          break;
        }
        read++;
        Outcome o = apply(e, image);
        if (o != Outcome.SKIPPED) {
          applied++;
          if (o == Outcome.DATABASE) {
            databases = true;
          } else if (e.getTableName() != null) {
            touched.add(HiveScope.key(e.getDbName(), e.getTableName()));
          }
        }
        touched.addAll(renamedFrom);
        renamedFrom.clear();
      }
    }
    image.eventId(to);
    return new Replay(read, applied, touched, databases);
  }

  enum Outcome { SKIPPED, TABLE, DATABASE }

  private final Set<String> renamedFrom = new HashSet<>();

  Outcome apply(NotificationEvent e, HiveImage image) {
    String db = e.getDbName();
    if (db == null || !scope.touches(db)) {
      return Outcome.SKIPPED;
    }
    String type = e.getEventType();
    boolean tableEvent = e.getTableName() != null && !e.getTableName().isEmpty();
    // A rename out of or into the scope carries the other name only in its message.
    if (tableEvent && !scope.contains(db, e.getTableName()) && !"ALTER_TABLE".equals(type)) {
      return Outcome.SKIPPED;
    }
    try {
      MessageDeserializer md = MessageFactory.getInstance(e.getMessageFormat()).getDeserializer();
      switch (type) {
        case "CREATE_DATABASE" -> {
          return putDatabase(image, md.getCreateDatabaseMessage(e.getMessage()).getDatabaseObject());
        }
        case "ALTER_DATABASE" -> {
          return putDatabase(image, md.getAlterDatabaseMessage(e.getMessage()).getDbObjAfter());
        }
        case "DROP_DATABASE" -> {
          image.databases().remove(db.toLowerCase(java.util.Locale.ROOT));
          image.tables().keySet().removeIf(k -> k.startsWith(db.toLowerCase(java.util.Locale.ROOT) + "."));
          return Outcome.DATABASE;
        }
        case "CREATE_TABLE" -> {
          Table t = md.getCreateTableMessage(e.getMessage()).getTableObj();
          image.tables().put(HiveObjects.key(t), new HiveImage.TableImage(HiveObjects.forSecondary(t, rewriter)));
          return Outcome.TABLE;
        }
        case "ALTER_TABLE" -> {
          AlterTableMessage m = md.getAlterTableMessage(e.getMessage());
          return alterTable(image, m.getTableObjBefore(), m.getTableObjAfter());
        }
        case "DROP_TABLE" -> {
          image.tables().remove(HiveScope.key(db, e.getTableName()));
          return Outcome.TABLE;
        }
        case "ADD_PARTITION" -> {
          AddPartitionMessage m = md.getAddPartitionMessage(e.getMessage());
          Table from = m.getTableObj();
          HiveImage.TableImage t = table(image, from);
          for (Partition p : m.getPartitionObjs()) {
            HiveObjects.partitionNameIfWhole(from, p.getValues())
                .ifPresent(name -> t.partitions().put(name, HiveObjects.forSecondary(p, rewriter)));
          }
          return Outcome.TABLE;
        }
        case "ALTER_PARTITION" -> {
          AlterPartitionMessage m = md.getAlterPartitionMessage(e.getMessage());
          Table from = m.getTableObj();
          HiveImage.TableImage t = table(image, from);
          Partition before = m.getPtnObjBefore();
          Partition after = m.getPtnObjAfter();
          if (before != null && !before.getValues().equals(after.getValues())) {
            HiveObjects.partitionNameIfWhole(from, before.getValues()).ifPresent(old -> {
              t.partitions().remove(old);
              t.partitionStatistics().remove(old);
            });
          }
          HiveObjects.partitionNameIfWhole(from, after.getValues())
              .ifPresent(name -> t.partitions().put(name, HiveObjects.forSecondary(after, rewriter)));
          return Outcome.TABLE;
        }
        case "DROP_PARTITION" -> {
          DropPartitionMessage m = md.getDropPartitionMessage(e.getMessage());
          HiveImage.TableImage t = image.tables().get(HiveScope.key(db, e.getTableName()));
          if (t != null) {
            // The message's table names the keys of the partitions it drops; the image may hold another table
            // of that name (one created again later, when the image was read after this event).
            Table from = m.getTableObj() != null ? m.getTableObj() : t.table();
            for (Map<String, String> spec : m.getPartitions()) {
              HiveObjects.partitionNameIfWhole(from, values(from, spec)).ifPresent(name -> {
                t.partitions().remove(name);
                t.partitionStatistics().remove(name);
              });
            }
          }
          return Outcome.TABLE;
        }
        case "INSERT" -> {
          // The files arrive with the cut and the object does not change; but the table counts as touched, so
          // a run planned from the last image re-reads its statistics (an insert gathers them on Hive 3.1).
          return image.tables().containsKey(HiveScope.key(db, e.getTableName())) ? Outcome.TABLE : Outcome.SKIPPED;
        }
        default -> {
          // Column statistics events (Hive 4 logs them, Hive 3.1 does
          // not: PLAN reads the statistics instead), and events Tandem does not replicate (functions, txns).
          return Outcome.SKIPPED;
        }
      }
    } catch (TandemException ex) {
      throw ex;
    } catch (Exception ex) {
      throw new TandemException("Cannot replay metastore event " + e.getEventId() + " (" + type + " on " + db + "."
          + e.getTableName() + "): " + ex.getMessage(), ex);
    }
  }

  private Outcome putDatabase(HiveImage image, Database d) {
    if (d != null && scope.touches(d.getName())) {
      image.databases().put(d.getName().toLowerCase(java.util.Locale.ROOT), HiveObjects.forSecondary(d, rewriter));
    }
    return Outcome.DATABASE;
  }

  private Outcome alterTable(HiveImage image, Table before, Table after) {
    String oldKey = HiveObjects.key(before);
    String newKey = HiveObjects.key(after);
    HiveImage.TableImage existing = image.tables().get(oldKey);
    boolean renamed = !oldKey.equals(newKey);
    if (renamed) {
      image.tables().remove(oldKey);
      renamedFrom.add(oldKey);
    }
    if (!scope.contains(after.getDbName(), after.getTableName())) {
      return renamed && existing != null ? Outcome.TABLE : Outcome.SKIPPED;
    }
    Table t = HiveObjects.forSecondary(after, rewriter);
    // The metastore refuses a rename onto an existing table, so an image holding the new name already was read
    // after this rename: its table and partitions are the renamed ones, changed since only by later events.
    HiveImage.TableImage later = renamed ? image.tables().get(newKey) : null;
    HiveImage.TableImage target = later != null ? later : existing == null ? new HiveImage.TableImage(t) : existing;
    String oldLocation = HiveObjects.location(target.table());
    String newLocation = HiveObjects.location(t);
    target.table(t);
    if (renamed) {
      // The metastore renames a managed table's directory with it and moves the partitions below it along,
      // without an event per partition: do the same to the image.
      for (Partition p : target.partitions().values()) {
        p.setTableName(t.getTableName());
        String loc = HiveObjects.location(p);
        if (oldLocation != null && newLocation != null && !oldLocation.equals(newLocation) && loc != null
            && (loc.equals(oldLocation) || loc.startsWith(oldLocation + "/"))) {
          p.getSd().setLocation(newLocation + loc.substring(oldLocation.length()));
        }
      }
    }
    image.tables().put(newKey, target);
    return Outcome.TABLE;
  }

  /**
   * The image's table that a partition event of {@code fromMessage} applies to. Absent (the image was read
   * after the table's drop, which a later event replays), or another table of that name with other partition
   * key names (read after the table was dropped and created again): the message's table stands in until the
   * table's later events replace it.
   */
  private HiveImage.TableImage table(HiveImage image, Table fromMessage) {
    String key = HiveObjects.key(fromMessage);
    HiveImage.TableImage t = image.tables().get(key);
    if (t == null || !keyNames(t.table()).equals(keyNames(fromMessage))) {
      t = new HiveImage.TableImage(HiveObjects.forSecondary(fromMessage, rewriter));
      image.tables().put(key, t);
    }
    return t;
  }

  /** The spec's values in the order of {@code t}'s partition keys (null where the spec has none). */
  private static List<String> values(Table t, Map<String, String> spec) {
    return keyNames(t).stream().map(spec::get).toList();
  }

  private static List<String> keyNames(Table t) {
    return t.getPartitionKeys().stream().map(FieldSchema::getName).toList();
  }
}
