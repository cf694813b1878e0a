package dev.tandem.hive;

import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.api.MetaException;

/** The fence listener's client builder ({@link ListenerZkAuth}, package-private) for tests in other packages. */
public final class ListenerClients {
  private ListenerClients() {}

  public static CuratorFrameworkFactory.Builder builder(Configuration hiveSite, String root) throws MetaException {
    return ListenerZkAuth.apply(CuratorFrameworkFactory.builder(), hiveSite, root);
  }
}
