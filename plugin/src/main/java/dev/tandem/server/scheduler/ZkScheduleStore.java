package dev.tandem.server.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.model.GroupName;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.registry.RegistryCodec;
import dev.tandem.registry.RegistryPaths;
import java.time.Instant;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Per group, the last scheduled moment the scheduler has handled ({@code <group>/schedule}). Moving it is a
 * compare-and-set on the znode version, so two schedulers that both believe they lead (a session about to expire)
 * cannot both claim a moment: the loser sees {@code false} and starts nothing.
 */
public final class ZkScheduleStore {
  /** The handled moment and the znode version it was read at. */
  public record Mark(Instant handledThrough, int version) {}

  private record Data(Instant handledThrough) {}

  private final CuratorFramework client;
  private final RegistryPaths paths;
  private final ObjectMapper json = RegistryCodec.create();

  public ZkScheduleStore(CuratorFramework client, RegistryPaths paths) {
    this.client = client;
    this.paths = paths;
  }

  public Optional<Mark> read(GroupName group) {
    String path = paths.schedule(group);
    try {
      Stat stat = new Stat();
      byte[] data = client.getData().storingStatIn(stat).forPath(path);
      return Optional.of(new Mark(json.readValue(data, Data.class).handledThrough(), stat.getVersion()));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw unavailable("read " + path, e);
    }
  }

  /** Creates the mark; false when another scheduler did first or the group is gone. */
  public boolean create(GroupName group, Instant handledThrough) {
    String path = paths.schedule(group);
    try {
      // No parents: a group deleted meanwhile must not come back as an empty node.
      client.create().forPath(path, json.writeValueAsBytes(new Data(handledThrough)));
      return true;
    } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
      return false;
    } catch (Exception e) {
      throw unavailable("create " + path, e);
    }
  }

  /** Moves the mark if it is still at {@code version}; false when someone else moved it first. */
  public boolean advance(GroupName group, int version, Instant handledThrough) {
    String path = paths.schedule(group);
    try {
      client.setData().withVersion(version).forPath(path, json.writeValueAsBytes(new Data(handledThrough)));
      return true;
    } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
      return false;
    } catch (Exception e) {
      throw unavailable("write " + path, e);
    }
  }

  private static PeerUnavailableException unavailable(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new PeerUnavailableException("Registry: cannot " + what + ": " + e.getMessage(), e);
  }
}
