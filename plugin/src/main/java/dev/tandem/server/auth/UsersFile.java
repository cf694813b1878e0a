package dev.tandem.server.auth;

import dev.tandem.model.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users file, read again when it changes, without a restart. On access, at most once per {@code checkEvery},
 * its modification time and size are compared with those of the version in use; a changed file is loaded whole. A
 * new version that cannot be read or parsed (or a file that disappeared) leaves the users of before in force and is
 * reported once with one WARN; the next change is tried again.
 */
public final class UsersFile implements Supplier<UserStore> {
  /** How often the file's time stamp is looked at, at most. */
  public static final Duration CHECK_EVERY_DEFAULT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);

  private final Path file;
  private final Duration checkEvery;
  private final Clock clock;
  private volatile UserStore current;
  private Stamp loaded;
  private Stamp refused;
  private Instant checked;

  private record Stamp(long modifiedMillis, long size) {}

  private static final Stamp MISSING = new Stamp(Long.MIN_VALUE, -1);

  private UsersFile(Path file, Duration checkEvery, Clock clock, UserStore first, Stamp stamp) {
    this.file = file;
    this.checkEvery = checkEvery;
    this.clock = clock;
    this.current = first;
    this.loaded = stamp;
    this.checked = clock.instant();
  }

  /**
   * Loads the file now; a malformed file fails, naming {@code tandem.auth.users.file}. A file that does not exist
   * yet means no users until it does.
   */
  public static UsersFile load(Path file, Duration checkEvery, Clock clock) {
    Stamp stamp = stamp(file);
    return new UsersFile(file, checkEvery, clock, stamp == MISSING ? UserStore.empty() : UserStore.load(file), stamp);
  }

  public Path file() {
    return file;
  }

  @Override
  public UserStore get() {
    Instant now = clock.instant();
    synchronized (this) {
      if (now.isBefore(checked.plus(checkEvery))) {
        return current;
      }
      checked = now;
      Stamp stamp = stamp(file);
      if (stamp.equals(loaded) || stamp.equals(refused)) {
        return current;
      }
      if (stamp == MISSING) {
        refuse(stamp, "the file is gone");
        return current;
      }
      try {
        UserStore next = UserStore.load(file);
        current = next;
        loaded = stamp;
        refused = null;
        LOG.info("Reloaded the users file {}: {} users", file, next.size());
      } catch (InvalidInputException e) {
        refuse(stamp, e.getMessage());
      }
      return current;
    }
  }

  private void refuse(Stamp stamp, String why) {
    refused = stamp;
    LOG.warn("Users file {} changed but cannot be used; the {} users of before stay in force: {}", file,
        current.size(), why);
  }

  private static Stamp stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.lastModifiedTime().toMillis(), a.size());
    } catch (IOException e) {
      return MISSING;
    }
  }
}
