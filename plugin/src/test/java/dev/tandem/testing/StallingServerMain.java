package dev.tandem.testing;

import dev.tandem.engine.StepInterceptor;
import dev.tandem.model.GroupName;
import dev.tandem.model.RunStep;
import dev.tandem.server.ServerConfiguration;
import dev.tandem.server.TandemServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * A real {@code tandem server} (built from its configuration directory, as {@code tandem server --conf-dir}
 * builds it) whose runs stall at one step once armed: when a run reaches {@code <step>} ({@code before} it or
 * {@code after} its side effects) while the file {@code <marker-file>.arm} exists, the server writes the marker
 * file and the run's thread blocks for good. The test then kills this process with SIGKILL, so the run stops
 * exactly there, as a crashed server's would. Unarmed, runs go through as on any server.
 *
 * <p>Arguments: {@code <conf-dir> <marker-file> <STEP> <before|after>}.
 */
public final class StallingServerMain {
  private StallingServerMain() {}

  public static void main(String[] args) throws Exception {
    File confDir = new File(args[0]);
    File marker = new File(args[1]);
    RunStep step = RunStep.valueOf(args[2]);
    boolean after = "after".equals(args[3]);
    TandemServer server = ServerConfiguration.builderFromConfDir(confDir)
        .interceptor(new Stall(marker, step, after)).build(false).start();
    System.out.println("Tandem server listening on " + server.uri() + "/api/v1");
    new CountDownLatch(1).await(); // until killed
  }

  private static final class Stall implements StepInterceptor {
    private final File marker;
    private final RunStep step;
    private final boolean after;

    Stall(File marker, RunStep step, boolean after) {
      this.marker = marker;
      this.step = step;
      this.after = after;
    }

    @Override
    public void before(GroupName group, RunStep s) {
      if (!after && s == step) {
        stall(group);
      }
    }

    @Override
    public void after(GroupName group, RunStep s) {
      if (after && s == step) {
        stall(group);
      }
    }

    private void stall(GroupName group) {
      if (!new File(marker.getPath() + ".arm").isFile()) {
        return;
      }
      try {
        File tmp = new File(marker.getPath() + ".tmp");
        Files.writeString(tmp.toPath(), group + " " + (after ? "after " : "before ") + step + "\n",
            StandardCharsets.UTF_8);
        Files.move(tmp.toPath(), marker.toPath(), StandardCopyOption.ATOMIC_MOVE);
        new CountDownLatch(1).await(); // the test kills the process now
      } catch (IOException e) {
        throw new IllegalStateException("Cannot write the marker " + marker, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stalled at " + step, e);
      }
    }
  }
}
