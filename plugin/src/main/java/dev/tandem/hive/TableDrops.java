package dev.tandem.hive;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.hive.metastore.api.NotificationEvent;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.messaging.MessageDeserializer;
import org.apache.hadoop.hive.metastore.messaging.MessageFactory;

/**
 * Tells a table dropped on the primary from a name the primary does not have: the notification log records each
 * drop (and each rename away from a name). A run that finds a table of its own data set absent looks here for
 * such an event after its last good cut; finding one, it knows the absence is a real state of the primary at some
 * event id, which the cut may hold like any other.
 */
final class TableDrops {

  private TableDrops() {}

  /**
   * The last drop (or rename away) of a table.
   *
   * @param eventId the event that recorded it
   * @param location the table's location before it went, when the event says (primary form)
   */
  record Drop(long eventId, Optional<String> location) {}

  /**
   * The last drop of each of {@code keys} among the events in {@code (from, to]}. Events the log no longer holds
   * are not there to find: a drop among them is not found, and the caller treats the table as unknown, which is
   * the safe side.
   */
  static Map<String, Drop> find(HmsClient primary, Set<String> keys, long from, long to) {
    Map<String, Drop> out = new HashMap<>();
    Set<String> databases = new java.util.TreeSet<>();
    keys.forEach(k -> databases.add(k.substring(0, k.indexOf('.'))));
    long next = Math.max(0, from);
    while (next < to) {
      long after = next;
      List<NotificationEvent> events = primary.eventsAfter(next, to);
      if (events.isEmpty()) {
        break;
      }
      for (NotificationEvent e : events) {
        next = Math.max(next, e.getEventId());
        if (e.getEventId() > to || e.getDbName() == null || e.getTableName() == null
            || !databases.contains(e.getDbName().toLowerCase(java.util.Locale.ROOT))) {
          continue;
        }
        String key = HiveScope.key(e.getDbName(), e.getTableName());
        if ("DROP_TABLE".equals(e.getEventType()) && keys.contains(key)) {
          out.put(key, new Drop(e.getEventId(), location(e, true)));
        } else if ("ALTER_TABLE".equals(e.getEventType())) {
          renamedAway(e, keys).ifPresent(old -> out.put(old, new Drop(e.getEventId(), location(e, false))));
        }
      }
      if (next == after) {
        break;
      }
    }
    return out;
  }

  /** The protected name a rename left, if {@code e} is one. */
  private static Optional<String> renamedAway(NotificationEvent e, Set<String> keys) {
    try {
      MessageDeserializer md = MessageFactory.getInstance(e.getMessageFormat()).getDeserializer();
      var m = md.getAlterTableMessage(e.getMessage());
      String old = HiveObjects.key(m.getTableObjBefore());
      return keys.contains(old) && !old.equals(HiveObjects.key(m.getTableObjAfter())) ? Optional.of(old)
          : Optional.empty();
    } catch (Exception ex) {
      return Optional.empty();
    }
  }

  /** The table's location as the event recorded it; older message formats may not carry the table. */
  private static Optional<String> location(NotificationEvent e, boolean drop) {
    try {
      MessageDeserializer md = MessageFactory.getInstance(e.getMessageFormat()).getDeserializer();
      Table t = drop ? md.getDropTableMessage(e.getMessage()).getTableObj()
          : md.getAlterTableMessage(e.getMessage()).getTableObjBefore();
      return Optional.ofNullable(t == null ? null : HiveObjects.location(t));
    } catch (Exception ex) {
      return Optional.empty();
    }
  }
}
