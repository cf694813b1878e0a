package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.GroupName;
import dev.tandem.model.RunStep;
import dev.tandem.sandbox.SandboxServer;
import dev.tandem.testing.SandboxTest;
import dev.tandem.testing.Trees;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A real server (authentication off, random port) over the class's two-site sandbox, and a real HTTP client.
 * {@link #HOLD} can stop a run before a chosen step until the test lets it go.
 */
abstract class ServerTest extends SandboxTest {
  protected static TandemServer server;
  protected static Http http;
  protected static final Hold HOLD = new Hold();

  @BeforeAll
  static void startServer() {
    server = SandboxServer.builder(sandbox, 0).interceptor(HOLD).healthInterval(null).schedulerTick(null)
        .build(true).start();
    http = new Http(server.uri());
  }

  @AfterAll
  static void stopServer() {
    HOLD.releaseAll();
    if (server != null) {
      server.close();
    }
  }

  /** Holds runs of a group before a step until released. */
  static final class Hold implements StepInterceptor {
    private final Map<GroupName, RunStep> at = new ConcurrentHashMap<>();
    private final Map<GroupName, CountDownLatch> reached = new ConcurrentHashMap<>();
    private final Map<GroupName, CountDownLatch> release = new ConcurrentHashMap<>();

    void arm(String group, RunStep step) {
      GroupName g = GroupName.of(group);
      at.put(g, step);
      reached.put(g, new CountDownLatch(1));
      release.put(g, new CountDownLatch(1));
    }

    void awaitReached(String group) throws InterruptedException {
      assertThat(reached.get(GroupName.of(group)).await(60, TimeUnit.SECONDS)).as("run reached the hold").isTrue();
    }

    void release(String group) {
      GroupName g = GroupName.of(group);
      at.remove(g);
      CountDownLatch l = release.get(g);
      if (l != null) {
        l.countDown();
      }
    }

    void releaseAll() {
      List.copyOf(at.keySet()).forEach(g -> release(g.value()));
    }

    @Override
    public void before(GroupName group, RunStep step) {
      if (step == at.get(group)) {
        reached.get(group).countDown();
        try {
          release.get(group).await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** A group request for {@code dirs}, which are created on the primary first. */
  static Map<String, Object> groupBody(String name, String... dirs) throws Exception {
    for (String d : dirs) {
      Trees.write(primaryFs(), d + "/part-0.csv", "a,b\n1,2\n");
    }
    return Map.of("name", name, "primary", "east", "secondary", "west",
        "dataSets", java.util.Arrays.stream(dirs).map(d -> Map.of("kind", "hdfs", "path", d)).toList(),
        "schedule", Map.of("backupMoment", "01:30", "periodicity", "4h", "zone", "UTC"),
        "retention", 5, "snapshots", "ENABLE_IF_MISSING");
  }

  /** Waits (bounded) until the run has ended and returns its final view. */
  static JsonNode awaitRun(String group, String runId) {
    String path = "/api/v1/groups/" + group + "/runs/" + runId;
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode run = http.get(path).json();
      if (!run.path("state").asText().equals("RUNNING")) {
        return run;
      }
      Thread.onSpinWait();
      pause();
    }
    throw new AssertionError("run " + runId + " did not end within 120 s");
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      pause();
    }
  }

  /** A short bounded wait between polls of a condition (not a sleep standing in for synchronisation). */
  static void pause() {
    try {
      new CountDownLatch(1).await(50, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
