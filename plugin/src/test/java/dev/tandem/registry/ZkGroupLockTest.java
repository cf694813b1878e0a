package dev.tandem.registry;

import dev.tandem.testing.RealComponents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.GroupLock;
import dev.tandem.model.GroupName;
import dev.tandem.model.LockLostException;
import dev.tandem.testing.Sessions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run lock against a real ZooKeeper when the holder's connection or session fails. */
@RealComponents
class ZkGroupLockTest {
  private static final GroupName G = GroupName.of("billing");
  private TestingServer zk;
  private ZkRegistry one;
  private ZkRegistry two;
  private final BlockingQueue<ConnectionState> statesOfOne = new LinkedBlockingQueue<>();
  private final List<ConnectionState> seenByOne = new CopyOnWriteArrayList<>();
  private final ConnectionStateListener recorder = (c, s) -> {
    seenByOne.add(s);
    statesOfOne.add(s);
  };

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(true);
    one = ZkRegistry.connect(zk.getConnectString(), "/tandem", "one");
    two = ZkRegistry.connect(zk.getConnectString(), "/tandem", "two");
    one.client().getConnectionStateListenable().addListener(recorder);
  }

  @AfterEach
  void stop() throws Exception {
    one.close();
    two.close();
    zk.close();
  }

  @Test
  void sessionExpiryMarksTheLockLostAndAnotherServerCanTakeIt() throws Exception {
    GroupLock.Held held = one.lock(G).acquire(Duration.ofSeconds(1));
    held.confirm();
    held.ensureHeld();

    long session = Sessions.expire(one.client());
    awaitState(ConnectionState.LOST);
    String lost = "Lost the run lock of group billing: ZooKeeper session 0x" + Long.toHexString(session);
    assertThatThrownBy(held::ensureHeld).isInstanceOf(LockLostException.class)
        .hasMessageStartingWith(lost).hasMessageContaining("was lost");
    assertThatThrownBy(held::confirm).isInstanceOf(LockLostException.class).hasMessageStartingWith(lost);

    GroupLock.Held taken = two.lock(G).acquire(Duration.ofSeconds(5));
    taken.confirm();
    held.close(); // releasing a lost lock leaves the new holder's lock alone
    taken.confirm();
    assertThat(one.client().getChildren().forPath(one.paths().lock(G))).hasSize(1);
    taken.close();
    // the client that lost its session takes the lock again with its new one
    try (GroupLock.Held again = one.lock(G).acquire(Duration.ofSeconds(5))) {
      again.confirm();
    }
  }

  @Test
  void aLockWhoseNodeIsGoneIsLostAtTheNextConfirmation() throws Exception {
    GroupLock.Held held = one.lock(G).acquire(Duration.ofSeconds(1));
    List<String> nodes = two.client().getChildren().forPath(two.paths().lock(G));
    assertThat(nodes).hasSize(1);
    two.client().delete().forPath(two.paths().lock(G) + "/" + nodes.get(0));

    held.ensureHeld(); // no I/O while the connection is fine: the check before commit is what asks
    assertThatThrownBy(held::confirm).isInstanceOf(LockLostException.class)
        .hasMessageContaining("Lost the run lock of group billing").hasMessageContaining("is gone");
    assertThatThrownBy(held::ensureHeld).isInstanceOf(LockLostException.class);
    held.close();
  }

  @Test
  void aSuspensionShorterThanTheSessionKeepsTheLockOnceConfirmed() throws Exception {
    GroupLock.Held held = one.lock(G).acquire(Duration.ofSeconds(1));
    zk.stop();
    awaitState(ConnectionState.SUSPENDED);
    zk.restart();
    awaitState(ConnectionState.RECONNECTED);
    assertThat(seenByOne).doesNotContain(ConnectionState.LOST);
    assertThatCode(held::ensureHeld).doesNotThrowAnyException();
    assertThatCode(held::confirm).doesNotThrowAnyException();
    assertThatThrownBy(() -> two.lock(G).acquire(Duration.ofMillis(200))).hasMessageContaining("in progress");
    held.close();
  }

  private void awaitState(ConnectionState wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ConnectionState s;
    do {
      s = statesOfOne.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (s == null) {
        throw new AssertionError("Connection state " + wanted + " not reported within 30 s");
      }
    } while (s != wanted);
  }
}
