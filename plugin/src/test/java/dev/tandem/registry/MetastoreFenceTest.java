package dev.tandem.registry;

import dev.tandem.testing.RealComponents;
import dev.tandem.testing.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.WriterFence;
import dev.tandem.metastore.FenceHeldException;
import dev.tandem.metastore.MetastoreFenceWatch;
import dev.tandem.metastore.RegistryUnavailableException;
import dev.tandem.model.ConflictException;
import dev.tandem.model.GroupName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metastore fence against a real ZooKeeper: the control plane's {@link ZkMetastoreFence} and one
 * {@link MetastoreFenceWatch} (the metastore listener's, from tandem-metastore-listener) per metastore, each with its own session as separate processes would have.
 */
@RealComponents
class MetastoreFenceTest {
  private static final GroupName G = GroupName.of("billing");
  private static final RegistryPaths PATHS = new RegistryPaths("/tandem");
  private static final Duration LONG = Duration.ofSeconds(20);

  private TestingServer zk;
  private CuratorFramework control;
  private ZkMetastoreFence fence;
  private final List<MetastoreFenceWatch> watches = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(true);
    control = client();
    fence = new ZkMetastoreFence(control, PATHS);
  }

  @AfterEach
  void stop() throws Exception {
    watches.forEach(MetastoreFenceWatch::close);
    control.close();
    zk.close();
  }

  private CuratorFramework client() throws InterruptedException {
    CuratorFramework c = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
        .retryPolicy(new RetryOneTime(100)).sessionTimeoutMs(30_000).connectionTimeoutMs(2_000).build();
    c.start();
    assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    return c;
  }

  /** A metastore; its fences hold the tables their data lists ("db.table,db.table"). */
  private MetastoreFenceWatch metastore() throws InterruptedException {
    MetastoreFenceWatch w = new MetastoreFenceWatch(client(), PATHS.fence(), data -> {
      Set<String> held = Set.of(new String(data, StandardCharsets.UTF_8).split(","));
      return (db, table) -> held.contains(db + "." + table);
    }, true).start(Duration.ofSeconds(10));
    watches.add(w);
    return w;
  }

  private WriterFence.Raised raise(String tables, Duration timeout) {
    return fence.raise(G, tables.getBytes(StandardCharsets.UTF_8), timeout);
  }

  @Test
  void aFenceHoldsWritesOnItsTablesUntilLoweredAndLetsOthersThrough() throws Exception {
    MetastoreFenceWatch metastore = metastore();
    WriterFence.Raised raised = raise("sales.orders", LONG);
    metastore.begin("sales", "customers", Duration.ofSeconds(1)).close();
    CompletableFuture<MetastoreFenceWatch.Write> held = CompletableFuture.supplyAsync(() ->
        metastore.begin("sales", "orders", LONG));
    assertThatThrownBy(() -> held.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    raised.close();
    held.get(10, TimeUnit.SECONDS).close();
  }

  @Test
  void theRegisteredMetastoresAreListedForTheCutsCheck() throws Exception {
    assertThat(fence.instances()).as("none before any metastore registered").isEmpty();
    MetastoreFenceWatch first = metastore();
    metastore();
    assertThat(fence.instances()).hasSize(2);
    first.close();
    Waits.until(Duration.ofSeconds(10), () -> fence.instances().size() == 1, () -> "registered: " + fence.instances());
  }

  @Test
  void aWriteStillFencedAfterItsWaitIsRefusedNamingTheGroup() throws Exception {
    MetastoreFenceWatch metastore = metastore();
    try (WriterFence.Raised raised = raise("sales.orders", LONG)) {
      assertThatThrownBy(() -> metastore.begin("sales", "orders", Duration.ofMillis(200)))
          .isInstanceOf(FenceHeldException.class).hasMessageContaining("group billing")
          .hasMessageContaining("sales.orders");
    }
  }

  @Test
  void theFenceWaitsForInFlightWritesOnItsTablesOnly() throws Exception {
    MetastoreFenceWatch metastore = metastore();
    MetastoreFenceWatch.Write other = metastore.begin("sales", "customers", Duration.ofSeconds(1));
    MetastoreFenceWatch.Write mine = metastore.begin("sales", "orders", Duration.ofSeconds(1));
    CompletableFuture<WriterFence.Raised> raising = CompletableFuture.supplyAsync(() -> raise("sales.orders", LONG));
    assertThatThrownBy(() -> raising.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    mine.close();
    // The write on another table is still in flight: it does not hold the cut.
    raising.get(10, TimeUnit.SECONDS).close();
    other.close();
  }

  @Test
  void everyRegisteredMetastoreMustConfirm() throws Exception {
    metastore();
    MetastoreFenceWatch second = metastore();
    MetastoreFenceWatch.Write inFlight = second.begin("sales", "orders", Duration.ofSeconds(1));
    assertThatThrownBy(() -> raise("sales.orders", Duration.ofMillis(500)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("1 metastore(s) did not confirm")
        .hasMessageContaining(second.instance()).hasMessageContaining("the cut was not taken");
    // The refused raise lowered its fence: the objects are writable again, and a later fence can be raised.
    second.begin("sales", "orders", Duration.ofSeconds(5)).close();
    inFlight.close();
    raise("sales.orders", LONG).close();
  }

  @Test
  void aClosedMetastoreHoldsNoCutAndANewOneSeesARaisedFence() throws Exception {
    MetastoreFenceWatch gone = metastore();
    gone.begin("sales", "orders", Duration.ofSeconds(1));
    gone.close();
    try (WriterFence.Raised raised = raise("sales.orders", Duration.ofSeconds(5))) {
      MetastoreFenceWatch late = metastore();
      assertThatThrownBy(() -> late.begin("sales", "orders", Duration.ofMillis(200)))
          .isInstanceOf(FenceHeldException.class);
      late.begin("sales", "customers", Duration.ofSeconds(1)).close();
    }
  }

  @Test
  void aConfirmationOfAnEarlierFenceDoesNotCount() throws Exception {
    MetastoreFenceWatch metastore = metastore();
    raise("sales.orders", LONG).close();
    MetastoreFenceWatch.Write inFlight = metastore.begin("sales", "orders", Duration.ofSeconds(5));
    assertThatThrownBy(() -> raise("sales.orders", Duration.ofMillis(500))).isInstanceOf(ConflictException.class);
    inFlight.close();
    raise("sales.orders", LONG).close();
  }

  @Test
  void writesWaitWhileTheRegistryIsUnreachableAndResumeWhenItIsBack() throws Exception {
    MetastoreFenceWatch metastore = metastore();
    zk.stop();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // The watch learns of the disconnection from its client; until then a write may still pass.
    while (true) {
      try {
        metastore.begin("sales", "orders", Duration.ofMillis(100)).close();
      } catch (RegistryUnavailableException e) {
        assertThat(e).hasMessageContaining("registry unreachable").hasMessageContaining("sales.orders");
        break;
      }
      assertThat(System.nanoTime()).as("writes refused once the registry is gone").isLessThan(deadline);
      Thread.sleep(100);
    }
    zk.restart();
    metastore.begin("sales", "orders", Duration.ofSeconds(20)).close();
    try (WriterFence.Raised raised = raise("sales.orders", LONG)) {
      assertThatThrownBy(() -> metastore.begin("sales", "orders", Duration.ofMillis(200)))
          .isInstanceOf(FenceHeldException.class);
    }
  }
}
