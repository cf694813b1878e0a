package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.GroupName;
import dev.tandem.model.Run;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * A cooperating writer commits two-file transactions ({@code t-N/a} then {@code t-N/b}) through the fence
 * while cuts are taken: no cut, on either site, may hold half a transaction.
 */
class FenceConsistencyTest extends SandboxTest {
  private static final String ROOT = "/fenced/txns";

  @Test
  void cutsTakenDuringWritesNeverHoldHalfATransaction() throws Exception {
    Trees.write(primaryFs(), ROOT + "/t-0/a", "0");
    Trees.write(primaryFs(), ROOT + "/t-0/b", "0");
    cp().putGroup(group("fenced", 10, ROOT));
    WriterFence.Writers writers = primaryRegistry().writers(GroupName.of("fenced"));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger committed = new AtomicInteger();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int i = 1; !stop.get(); i++) {
        try (WriterFence.Write w = writers.begin(Duration.ofSeconds(10))) {
          Trees.write(primaryFs(), ROOT + "/t-" + i + "/a", Integer.toString(i));
          Trees.write(primaryFs(), ROOT + "/t-" + i + "/b", Integer.toString(i));
          committed.incrementAndGet();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });

    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int before = committed.get();
      runs.add(runOk("fenced"));
      // each cut is taken while the writer is busy, not in a pause
      assertThat(writer).isNotDone();
      waitUntil(() -> committed.get() > before + 2);
    }
    stop.set(true);
    writer.get(30, TimeUnit.SECONDS);

    for (Run run : runs) {
      String snapshot = ROOT + "/.snapshot/" + run.cut().snapshotName(run.group());
      int primaryTxns = assertWholeTransactions(primaryFs(), snapshot);
      int secondaryTxns = assertWholeTransactions(secondaryFs(), snapshot);
      assertThat(secondaryTxns).isEqualTo(primaryTxns).isGreaterThan(0);
      assertThat(run.report().consistencyWindow()).isLessThan(Duration.ofSeconds(5));
    }
  }

  private static int assertWholeTransactions(FileSystem fs, String snapshot) throws Exception {
    FileStatus[] txns = fs.listStatus(new Path(snapshot));
    for (FileStatus t : txns) {
      assertThat(fs.exists(new Path(t.getPath(), "a"))).as("%s/a", t.getPath()).isTrue();
      assertThat(fs.exists(new Path(t.getPath(), "b"))).as("%s/b in the same cut as its a", t.getPath()).isTrue();
      assertThat(Trees.read(fs, t.getPath() + "/b")).isEqualTo(Trees.read(fs, t.getPath() + "/a"));
    }
    return txns.length;
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
