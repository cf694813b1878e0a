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
 * Per group, the last scheduled moment the scheduler has handled ({@code <group>/schedule}) and how many retries of
 * that moment it has started. Moving it is a compare-and-set on the znode version, so two schedulers that both
 * believe they lead (a session about to expire) cannot both claim a moment or a retry: the loser sees {@code false}
 * and starts nothing.
 */
public final class ZkScheduleStore {
  /** The handled moment, the retries of it started so far, and the znode version they were read at. */
  public record Mark(Instant handledThrough, int retries, int version) {}

  /** {@code retries} reads as 0 from marks written before retries existed. */
  private record Data(Instant handledThrough, int retries) {}

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
      Data d = json.readValue(data, Data.class);
      return Optional.of(new Mark(d.handledThrough(), d.retries(), stat.getVersion()));
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
      client.create().forPath(path, json.writeValueAsBytes(new Data(handledThrough, 0)));
      return true;
    } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
      return false;
    } catch (Exception e) {
      throw unavailable("create " + path, e);
    }
  }

  /**
   * Moves the mark if it is still at {@code version}, with no retry of the new moment yet; false when someone else
   * moved it first.
   */
  public boolean advance(GroupName group, int version, Instant handledThrough) {
    return write(group, version, new Data(handledThrough, 0));
  }

  /** Records {@code retries} retries of the handled moment if the mark is still at {@code version}. */
  public boolean retried(GroupName group, int version, Instant handledThrough, int retries) {
    return write(group, version, new Data(handledThrough, retries));
  }

  private boolean write(GroupName group, int version, Data data) {
    String path = paths.schedule(group);
    try {
      client.setData().withVersion(version).forPath(path, json.writeValueAsBytes(data));
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
