package dev.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.fake.TickingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file is read again when it changes (issue 16 E); a broken version keeps the users of before. */
class UsersFileTest {
  @TempDir
  Path dir;
  private final TickingClock clock = new TickingClock(Instant.parse("2026-12-08T00:00:00Z"), Duration.ZERO);
  private long version = 1_000_000L;

  private void write(Path file, String text) throws Exception {
    Files.writeString(file, text);
    version += 10_000; // a new modification time whatever the file system's resolution
    Files.setLastModifiedTime(file, FileTime.fromMillis(version));
  }

  @Test
  void reloadsChangesAtMostOncePerInterval() throws Exception {
    Path file = dir.resolve("users.properties");
    write(file, "ada = admin\n");
    UsersFile users = UsersFile.load(file, Duration.ofSeconds(5), clock);
    assertThat(users.get().user("ada").orElseThrow().role()).isEqualTo(Role.ADMIN);

    write(file, "ada = viewer\nbob = operator\n");
    assertThat(users.get().user("bob")).as("not looked at again yet").isEmpty();
    clock.advance(Duration.ofSeconds(5));
    assertThat(users.get().user("bob").orElseThrow().role()).isEqualTo(Role.OPERATOR);
    assertThat(users.get().user("ada").orElseThrow().role()).isEqualTo(Role.VIEWER);

    write(file, "ada = superuser\n");
    clock.advance(Duration.ofSeconds(5));
    assertThat(users.get().size()).as("the broken version is not used").isEqualTo(2);
    Files.delete(file);
    clock.advance(Duration.ofSeconds(5));
    assertThat(users.get().user("bob")).as("nor a missing file").isPresent();
    write(file, "carol = admin\n");
    clock.advance(Duration.ofSeconds(5));
    assertThat(users.get().user("carol")).isPresent();
    assertThat(users.get().user("bob")).isEmpty();
  }

  @Test
  void aFileCreatedLaterIsRead() throws Exception {
    Path file = dir.resolve("later.properties");
    UsersFile users = UsersFile.load(file, Duration.ofSeconds(5), clock);
    assertThat(users.get().size()).isZero();
    write(file, "ada = admin\n");
    clock.advance(Duration.ofSeconds(5));
    assertThat(users.get().user("ada")).isPresent();
  }
}
