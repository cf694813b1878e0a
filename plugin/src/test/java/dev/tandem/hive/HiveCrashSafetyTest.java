package dev.tandem.hive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.model.GroupName;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.Run;
import dev.tandem.model.RunState;
import dev.tandem.model.RunStep;
import dev.tandem.testing.FailingInterceptor.When;
import dev.tandem.testing.HiveSandboxTest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every step from the cut to the commit fails once, before or right after its side effects, in a run that
 * changes Hive objects; the last good cut stays (or has moved completely) and the next run converges, the
 * secondary's metastore included.
 */
class HiveCrashSafetyTest extends HiveSandboxTest {

  @AfterEach
  void disarm() {
    FAILURES.disarm();
  }

  static Stream<Arguments> stepsFromCutToCommit() {
    return Stream.of(RunStep.CUT, RunStep.REPLICATE, RunStep.REPLICATE_METADATA, RunStep.SEAL, RunStep.VERIFY,
        RunStep.COMMIT).flatMap(s -> Stream.of(Arguments.of(s, When.BEFORE), Arguments.of(s, When.AFTER)));
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("stepsFromCutToCommit")
  void hiveRunFailingAtAnyStepConvergesOnTheNextRun(RunStep step, When when) throws Exception {
    String name = ("hc-" + step + "-" + when).toLowerCase(Locale.ROOT).replace('_', '-');
    String dbName = name.replace('-', '_');
    String db = "/" + name + "/" + dbName + ".db";
    createDatabase(dbName, db);
    east.rpc().create_table(table(dbName, "events", db + "/events", true, List.of("dt"), "id:bigint"));
    addPartition(dbName, "events", "1", "1\n");
    addPartition(dbName, "events", "2", "2\n");
    cp().putGroup(hiveGroup(name, new HiveDatabase(dbName)));
    Run first = runOk(name);
    Map<String, String> atFirst = describe(west, sandbox.secondary().fileSystemUri(), dbName);

    addPartition(dbName, "events", "3", "3\n");
    east.rpc().drop_partition(dbName, "events", List.of("1"), true);
    Table t = getTable(east, dbName, "events");
    t.getParameters().put("changed", "yes");
    east.rpc().alter_table(dbName, "events", t);
    FAILURES.failNext(step, when, 1);
    Run failed = cp().runNow(GroupName.of(name));

    boolean committed = step == RunStep.COMMIT && when == When.AFTER;
    assertThat(failed.state()).isEqualTo(RunState.FAILED);
    assertThat(failed.error()).contains("injected crash");
    var expected = committed ? failed.cut() : first.cut();
    assertThat(secondaryRegistry().lastGoodCut(GroupName.of(name))).contains(expected);
    boolean metadataTouched = !committed && (step.compareTo(RunStep.REPLICATE_METADATA) > 0
        || (step == RunStep.REPLICATE_METADATA && when == When.AFTER));
    if (!metadataTouched && !committed) {
      assertThat(describe(west, sandbox.secondary().fileSystemUri(), dbName)).isEqualTo(atFirst);
    }

    Run next = runOk(name);
    assertSameTables(dbName);
    assertFilesReplicated(db, next);
    assertThat(west.rpc().get_partition_names(dbName, "events", (short) -1)).containsExactly("dt=2", "dt=3");
    if (metadataTouched) {
      assertThat(next.report().notes()).anySatisfy(n -> assertThat(n).contains("back to cut " + first.cut()));
    } else {
      assertThat(next.report().notes()).noneSatisfy(n -> assertThat(n).contains("back to cut"));
    }
  }
}
