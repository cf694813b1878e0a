package dev.tandem.hive;

import java.util.Collections;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HMSHandler;
import org.apache.hadoop.hive.metastore.TransactionalMetaStoreEventListener;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NotificationEvent;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.events.AddPartitionEvent;
import org.apache.hadoop.hive.metastore.events.AlterDatabaseEvent;
import org.apache.hadoop.hive.metastore.events.AlterPartitionEvent;
import org.apache.hadoop.hive.metastore.events.AlterTableEvent;
import org.apache.hadoop.hive.metastore.events.CreateDatabaseEvent;
import org.apache.hadoop.hive.metastore.events.CreateTableEvent;
import org.apache.hadoop.hive.metastore.events.DropDatabaseEvent;
import org.apache.hadoop.hive.metastore.events.DropPartitionEvent;
import org.apache.hadoop.hive.metastore.events.DropTableEvent;
import org.apache.hadoop.hive.metastore.events.InsertEvent;
import org.apache.hadoop.hive.metastore.events.ListenerEvent;
import org.apache.hadoop.hive.metastore.messaging.EventMessage;
import org.apache.hadoop.hive.metastore.messaging.EventMessage.EventType;
import org.apache.hadoop.hive.metastore.messaging.MessageBuilder;
import org.apache.hadoop.hive.metastore.messaging.MessageEncoder;
import org.apache.hadoop.hive.metastore.messaging.MessageFactory;

/**
 * Writes the metastore's notification log for the embedded metastores, in the format Hive's own
 * DbNotificationListener writes (same event types, same JSON messages, same table), inside the metastore
 * transaction of the change. Hive 4's DbNotificationListener ships only in an artifact that is not published,
 * and real clusters configure theirs; this one covers the events Tandem replays.
 *
 * <p>Install with {@code metastore.transactional.event.listeners=dev.tandem.hive.TandemNotificationLog}.
 */
public final class TandemNotificationLog extends TransactionalMetaStoreEventListener {
  private final MessageEncoder encoder;

  public TandemNotificationLog(Configuration conf) {
    super(conf);
    this.encoder = MessageFactory.getDefaultInstance(conf);
  }

  @Override
  public void onCreateDatabase(CreateDatabaseEvent e) throws MetaException {
    log(e, EventType.CREATE_DATABASE, MessageBuilder.getInstance().buildCreateDatabaseMessage(e.getDatabase()),
        e.getDatabase().getName(), null);
  }

  @Override
  public void onAlterDatabase(AlterDatabaseEvent e) throws MetaException {
    log(e, EventType.ALTER_DATABASE,
        MessageBuilder.getInstance().buildAlterDatabaseMessage(e.getOldDatabase(), e.getNewDatabase()),
        e.getNewDatabase().getName(), null);
  }

  @Override
  public void onDropDatabase(DropDatabaseEvent e) throws MetaException {
    log(e, EventType.DROP_DATABASE, MessageBuilder.getInstance().buildDropDatabaseMessage(e.getDatabase()),
        e.getDatabase().getName(), null);
  }

  @Override
  public void onCreateTable(CreateTableEvent e) throws MetaException {
    Table t = e.getTable();
    log(e, EventType.CREATE_TABLE, MessageBuilder.getInstance().buildCreateTableMessage(t, noFiles()),
        t.getDbName(), t.getTableName());
  }

  @Override
  public void onAlterTable(AlterTableEvent e) throws MetaException {
    Table after = e.getNewTable();
    log(e, EventType.ALTER_TABLE, MessageBuilder.getInstance().buildAlterTableMessage(e.getOldTable(), after,
        e.getIsTruncateOp(), e.getWriteId()), after.getDbName(), after.getTableName());
  }

  @Override
  public void onDropTable(DropTableEvent e) throws MetaException {
    Table t = e.getTable();
    log(e, EventType.DROP_TABLE, MessageBuilder.getInstance().buildDropTableMessage(t), t.getDbName(),
        t.getTableName());
  }

  @Override
  public void onAddPartition(AddPartitionEvent e) throws MetaException {
    Table t = e.getTable();
    log(e, EventType.ADD_PARTITION, MessageBuilder.getInstance().buildAddPartitionMessage(t,
        e.getPartitionIterator(), Collections.emptyIterator()), t.getDbName(), t.getTableName());
  }

  @Override
  public void onAlterPartition(AlterPartitionEvent e) throws MetaException {
    Table t = e.getTable();
    log(e, EventType.ALTER_PARTITION, MessageBuilder.getInstance().buildAlterPartitionMessage(t,
        e.getOldPartition(), e.getNewPartition(), e.getIsTruncateOp(), e.getWriteId()), t.getDbName(),
        t.getTableName());
  }

  @Override
  public void onDropPartition(DropPartitionEvent e) throws MetaException {
    Table t = e.getTable();
    Iterator<Partition> parts = e.getPartitionIterator();
    log(e, EventType.DROP_PARTITION, MessageBuilder.getInstance().buildDropPartitionMessage(t, parts),
        t.getDbName(), t.getTableName());
  }

  @Override
  public void onInsert(InsertEvent e) throws MetaException {
    Table t = e.getTableObj();
    log(e, EventType.INSERT, MessageBuilder.getInstance().buildInsertMessage(t, e.getPartitionObj(),
        e.isReplace(), e.getFiles().iterator()), t.getDbName(), t.getTableName());
  }

  private static Iterator<String> noFiles() {
    return Collections.emptyIterator();
  }

  private void log(ListenerEvent source, EventType type, EventMessage message, String db, String table)
      throws MetaException {
    if (!source.getStatus()) {
      return;
    }
    NotificationEvent event = new NotificationEvent(0, (int) (System.currentTimeMillis() / 1000), type.toString(),
        encoder.getSerializer().serialize(message));
    event.setMessageFormat(encoder.getMessageFormat());
    event.setCatName("hive");
    event.setDbName(db);
    if (table != null) {
      event.setTableName(table);
    }
    HMSHandler.getMSForConf(getConf()).addNotificationEvent(event);
  }
}
